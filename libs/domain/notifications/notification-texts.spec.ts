import { NOTIFICATION_KINDS, type NotificationKind } from '@libs/contracts/notifications';
import { notificationText, type NotificationTextParams } from './notification-texts';

const caseId = '5b0c3c4e-8f87-4a4b-9d4e-6d1f0c1e2a33';
const minimal: NotificationTextParams = {
  caseId,
  caseTitle: 'Chưa rõ thẩm quyền bố trí công chức văn phòng - thống kê',
};
const full: NotificationTextParams = {
  ...minimal,
  level: 'unit_head',
  previousLevel: 'unit_head',
  deadline: '2026-01-05T09:30:00Z',
  unitName: 'Vụ Công chức - Viên chức',
  unitNameEn: 'Department of Civil Servants and Public Employees',
  actorName: 'Nguyễn Thị Minh',
  assigneeName: 'Trần Văn Bình',
  elapsedFraction: 0.9,
  decision: 'accepted',
  targetCaseTitle: 'Bố trí công chức dôi dư sau sắp xếp',
  note: 'Đề nghị cung cấp danh sách công chức của ba xã cũ.',
};

// Letters only Vietnamese has (with tone marks or hooks): proof the Vietnamese text really is Vietnamese.
const VIETNAMESE_LETTERS = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

describe('notificationText', () => {
  it.each(NOTIFICATION_KINDS.map((kind) => [kind]))('%s reads well with only the case, and with everything', (kind) => {
    for (const params of [minimal, full]) {
      const text = notificationText(kind, params);
      for (const value of Object.values(text)) {
        expect(value).not.toMatch(/undefined|null|NaN|\[object|\$\{/);
        expect(value).not.toMatch(/ {2}|\s[.,;]/);
      }
      expect(text.titleVi).toMatch(VIETNAMESE_LETTERS);
      expect(text.bodyVi).toMatch(VIETNAMESE_LETTERS);
      expect(text.bodyVi).toContain(`“${minimal.caseTitle}”`);
      expect(text.bodyEn).toContain(`“${minimal.caseTitle}”`);
      expect(text.link).toBe(`/cases/${caseId}`);
    }
  });

  it('gives every kind its own title', () => {
    const titles = NOTIFICATION_KINDS.map((kind) => notificationText(kind, minimal).titleVi.split(':')[0]);
    expect(new Set(titles).size).toBe(NOTIFICATION_KINDS.length);
  });

  it('names the unit head by unit and shows the deadline in Vietnam time', () => {
    const text = notificationText('escalation_received', full);
    expect(text.titleVi).toBe(`Vụ việc cần cho ý kiến: ${minimal.caseTitle}`);
    expect(text.bodyVi).toBe(
      `Nguyễn Thị Minh đã xin ý kiến Thủ trưởng Vụ Công chức - Viên chức về vụ việc “${minimal.caseTitle}”. ` +
        'Hạn trả lời: 16:30 ngày 05/01/2026.\nNội dung: “Đề nghị cung cấp danh sách công chức của ba xã cũ.”',
    );
    expect(text.bodyEn).toContain('asked the head of Department of Civil Servants and Public Employees for direction');
    expect(text.bodyEn).toContain('Answer due by 16:30 on 05/01/2026 (UTC+7).');
  });

  it('says how much of the allowance a reminder comes at', () => {
    expect(notificationText('deadline_reminder', { ...full, elapsedFraction: 0.5 }).bodyVi).toContain(
      'đã sử dụng 50% thời hạn',
    );
    expect(notificationText('deadline_reminder', { ...full, level: 'working_group' }).bodyEn).toContain(
      "from the Ministry's Working Group; 90% of the time allowed has been used",
    );
  });

  it('explains an automatic escalation from the level that missed its deadline', () => {
    const text = notificationText('case_auto_escalated', { ...full, level: 'working_group', unitName: null });
    expect(text.titleVi).toBe(`Tự động chuyển lên Tổ công tác của Bộ: ${minimal.caseTitle}`);
    expect(text.bodyVi).toContain('Do quá hạn trả lời ở cấp Thủ trưởng đơn vị');
    expect(text.bodyVi).toContain('Hạn trả lời mới: 16:30 ngày 05/01/2026.');
  });

  it('words each policy decision', () => {
    const decided = (decision: NonNullable<NotificationTextParams['decision']>) =>
      notificationText('policy_decided', { ...minimal, decision }).bodyVi;
    expect(decided('accepted')).toMatch(/Lãnh đạo Bộ quyết định: chấp thuận\.$/);
    expect(decided('rejected')).toMatch(/quyết định: không chấp thuận\.$/);
    expect(decided('needs_study')).toMatch(/quyết định: cần nghiên cứu thêm\.$/);
  });

  it('names the case a duplicate was merged into', () => {
    expect(notificationText('case_merged', full).bodyVi).toContain(
      'vào vụ việc “Bố trí công chức dôi dư sau sắp xếp” do trùng lặp',
    );
  });

  it('shortens long case titles in the title only, without splitting a letter from its marks', () => {
    const longTitle = 'Vướng mắc '.repeat(20).trim();
    const text = notificationText('deadline_breached', { caseId, caseTitle: longTitle.normalize('NFD') });
    const shown = text.titleVi.slice('Quá hạn trả lời: '.length);
    expect(Array.from(shown)).toHaveLength(80);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.normalize('NFC')).toBe(shown);
    expect(text.bodyVi).toContain(longTitle.normalize('NFC'));
  });

  it('is pure: the same input gives the same text whatever the clock says', () => {
    jest.useFakeTimers({ now: new Date('2020-01-01T00:00:00Z') });
    const before = NOTIFICATION_KINDS.map((kind) => notificationText(kind, full));
    jest.setSystemTime(new Date('2031-06-30T12:00:00Z'));
    const after = NOTIFICATION_KINDS.map((kind) => notificationText(kind, full));
    jest.useRealTimers();
    expect(after).toEqual(before);
  });

  it('refuses an unknown kind', () => {
    expect(() => notificationText('case_teleported' as NotificationKind, minimal)).toThrow(RangeError);
  });
});
