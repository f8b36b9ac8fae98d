import type { NotificationKind } from '@libs/contracts/notifications';
import type { EscalationLevel } from '../case/case-types';
import { LEVEL_LABELS } from '../lifecycle/lifecycle-messages';
import type { PolicyDecision } from '../lifecycle/lifecycle-types';
import { formatVietnamDateTimeEn, formatVietnamDateTimeVi } from './vietnam-time';

/**
 * What a notification text may mention. Only `caseId` and `caseTitle` are required; a sentence whose value is
 * missing is left out rather than printed as "undefined", so every kind reads well with whatever the workflow knows.
 */
export interface NotificationTextParams {
  caseId: string;
  caseTitle: string;
  /** The level the notice is about: escalated to, reminded at, breached at, escalated automatically to. */
  level?: EscalationLevel | null;
  /** case_auto_escalated: the level whose deadline was missed. */
  previousLevel?: EscalationLevel | null;
  /** The answer deadline in force (an ISO instant or a Date), shown in Asia/Ho_Chi_Minh time. */
  deadline?: Date | string | null;
  /** Vietnamese name of the unit concerned (routed to, forwarded to, reassigned to). */
  unitName?: string | null;
  /** English name of that unit; the Vietnamese name is used when absent. */
  unitNameEn?: string | null;
  /** Display name of the person who acted. */
  actorName?: string | null;
  /** case_reassigned: display name of the new assignee. */
  assigneeName?: string | null;
  /** deadline_reminder: share of the allowance already used, e.g. 0.5. */
  elapsedFraction?: number | null;
  /** policy_decided */
  decision?: PolicyDecision | null;
  /** case_merged: the case this one was merged into. */
  targetCaseTitle?: string | null;
  /** The question, reason or note that came with the action (information requested, forwarded, …). */
  note?: string | null;
}

export interface NotificationText {
  titleVi: string;
  titleEn: string;
  bodyVi: string;
  bodyEn: string;
  /** Path in the product. */
  link: string;
}

/** Titles show a shortened case title; bodies carry it in full. */
const TITLE_CASE_TITLE_MAX = 80;
const NOTE_MAX = 500;

const DECISION_LABELS: Readonly<Record<PolicyDecision, { vi: string; en: string }>> = {
  accepted: { vi: 'chấp thuận', en: 'accepted' },
  rejected: { vi: 'không chấp thuận', en: 'not accepted' },
  needs_study: { vi: 'cần nghiên cứu thêm', en: 'needs further study' },
};

function present(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Shortens by Unicode code points (after NFC, so a Vietnamese letter and its marks stay together). */
function shorten(text: string, max: number): string {
  const points = Array.from(text.normalize('NFC'));
  return points.length <= max
    ? points.join('')
    : `${points
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface Context {
  p: NotificationTextParams;
  title: string;
  shortTitle: string;
  actor: string | null;
  deadlineVi: string | null;
  deadlineEn: string | null;
  levelVi: string | null;
  levelEn: string | null;
  unitVi: string | null;
  unitEn: string | null;
  noteVi: string;
  noteEn: string;
}

/** "Thủ trưởng Vụ Công chức - Viên chức" when the level is the unit head and the unit is known. */
function levelLabels(
  level: EscalationLevel | null | undefined,
  unitVi: string | null,
  unitEn: string | null,
): { vi: string | null; en: string | null } {
  if (!level) return { vi: null, en: null };
  if (level === 'unit_head' && unitVi) return { vi: `Thủ trưởng ${unitVi}`, en: `the head of ${unitEn ?? unitVi}` };
  return LEVEL_LABELS[level];
}

type Texts = Omit<NotificationText, 'link'>;

const TEXTS: Readonly<Record<NotificationKind, (c: Context) => Texts>> = {
  escalation_received: (c) => ({
    titleVi: `Vụ việc cần cho ý kiến: ${c.shortTitle}`,
    titleEn: `Case awaiting your direction: ${c.shortTitle}`,
    bodyVi:
      `${c.actor ?? 'Công chức tăng cường'} đã xin ý kiến ${c.levelVi ?? 'chỉ đạo'} về vụ việc “${c.title}”.` +
      (c.deadlineVi ? ` Hạn trả lời: ${c.deadlineVi}.` : '') +
      c.noteVi,
    bodyEn:
      `${c.actor ?? 'A deployed official'} asked ${c.levelEn ? `${c.levelEn} ` : ''}for direction on the case ` +
      `“${c.title}”.` +
      (c.deadlineEn ? ` Answer due by ${c.deadlineEn}.` : '') +
      c.noteEn,
  }),
  deadline_reminder: (c) => {
    const used = typeof c.p.elapsedFraction === 'number' ? Math.round(c.p.elapsedFraction * 100) : null;
    return {
      titleVi: `Nhắc hạn trả lời: ${c.shortTitle}`,
      titleEn: `Answer due soon: ${c.shortTitle}`,
      bodyVi:
        `Vụ việc “${c.title}” đang chờ ý kiến${c.levelVi ? ` của ${c.levelVi}` : ''}` +
        (used !== null ? `; đã sử dụng ${used}% thời hạn` : '') +
        '.' +
        (c.deadlineVi ? ` Hạn trả lời: ${c.deadlineVi}.` : ''),
      bodyEn:
        `The case “${c.title}” is awaiting an answer${c.levelEn ? ` from ${c.levelEn}` : ''}` +
        (used !== null ? `; ${used}% of the time allowed has been used` : '') +
        '.' +
        (c.deadlineEn ? ` Answer due by ${c.deadlineEn}.` : ''),
    };
  },
  deadline_breached: (c) => ({
    titleVi: `Quá hạn trả lời: ${c.shortTitle}`,
    titleEn: `Answer overdue: ${c.shortTitle}`,
    bodyVi:
      `Vụ việc “${c.title}” đã quá hạn trả lời${c.deadlineVi ? ` (hạn ${c.deadlineVi})` : ''}` +
      `${c.levelVi ? ` ở cấp ${c.levelVi}` : ''}. Việc quá hạn đã được ghi nhận.`,
    bodyEn:
      `The case “${c.title}” missed its answer deadline${c.deadlineEn ? ` of ${c.deadlineEn}` : ''}` +
      `${c.levelEn ? ` at ${c.levelEn}` : ''}. The breach has been recorded.`,
  }),
  case_auto_escalated: (c) => {
    const previous = levelLabels(c.p.previousLevel, null, null);
    return {
      titleVi: c.levelVi ? `Tự động chuyển lên ${c.levelVi}: ${c.shortTitle}` : `Tự động chuyển cấp: ${c.shortTitle}`,
      titleEn: c.levelEn
        ? `Escalated automatically to ${c.levelEn}: ${c.shortTitle}`
        : `Escalated automatically: ${c.shortTitle}`,
      bodyVi:
        `Do quá hạn trả lời${previous.vi ? ` ở cấp ${previous.vi}` : ''}, vụ việc “${c.title}” đã được tự động chuyển` +
        `${c.levelVi ? ` lên ${c.levelVi}` : ' lên cấp trên'}.` +
        (c.deadlineVi ? ` Hạn trả lời mới: ${c.deadlineVi}.` : ''),
      bodyEn:
        `The answer deadline${previous.en ? ` at ${previous.en}` : ''} passed, so the case “${c.title}” was escalated ` +
        `automatically${c.levelEn ? ` to ${c.levelEn}` : ' to the next level'}.` +
        (c.deadlineEn ? ` New answer deadline: ${c.deadlineEn}.` : ''),
    };
  },
  overdue_renotice: (c) => ({
    titleVi: `Vẫn quá hạn trả lời: ${c.shortTitle}`,
    titleEn: `Still overdue: ${c.shortTitle}`,
    bodyVi:
      `Vụ việc “${c.title}” vẫn chưa có ý kiến trả lời${c.levelVi ? ` của ${c.levelVi}` : ''}` +
      (c.deadlineVi ? `; đã quá hạn từ ${c.deadlineVi}` : '') +
      '. Đề nghị xem xét, cho ý kiến sớm.',
    bodyEn:
      `The case “${c.title}” still has no answer${c.levelEn ? ` from ${c.levelEn}` : ''}` +
      (c.deadlineEn ? `; it has been overdue since ${c.deadlineEn}` : '') +
      '. Please give direction as soon as possible.',
  }),
  information_requested: (c) => ({
    titleVi: `Đề nghị bổ sung thông tin: ${c.shortTitle}`,
    titleEn: `Information requested: ${c.shortTitle}`,
    bodyVi:
      `${c.actor ?? (c.levelVi ? capitalize(c.levelVi) : 'Nơi xin ý kiến')} đề nghị bổ sung thông tin cho vụ việc ` +
      `“${c.title}”. Thời hạn trả lời tạm dừng cho đến khi thông tin được bổ sung.` +
      c.noteVi,
    bodyEn:
      `${c.actor ?? (c.levelEn ? capitalize(c.levelEn) : 'The answering side')} asked for more information on the ` +
      `case “${c.title}”. The answer deadline is paused until the information is provided.` +
      c.noteEn,
  }),
  information_provided: (c) => ({
    titleVi: `Đã bổ sung thông tin: ${c.shortTitle}`,
    titleEn: `Information provided: ${c.shortTitle}`,
    bodyVi:
      `${c.actor ?? 'Công chức tăng cường'} đã bổ sung thông tin cho vụ việc “${c.title}”. ` +
      `Thời hạn trả lời được tính tiếp${c.deadlineVi ? `; hạn trả lời: ${c.deadlineVi}` : ''}.`,
    bodyEn:
      `${c.actor ?? 'The deployed official'} provided the information requested on the case “${c.title}”. ` +
      `The answer deadline runs again${c.deadlineEn ? `; answer due by ${c.deadlineEn}` : ''}.`,
  }),
  escalation_answered: (c) => {
    const whoVi = c.actor
      ? `${c.actor}${c.levelVi ? ` (${c.levelVi})` : ''}`
      : c.levelVi
        ? capitalize(c.levelVi)
        : null;
    const whoEn = c.actor
      ? `${c.actor}${c.levelEn ? ` (${c.levelEn})` : ''}`
      : c.levelEn
        ? capitalize(c.levelEn)
        : null;
    return {
      titleVi: `Đã có ý kiến trả lời: ${c.shortTitle}`,
      titleEn: `Answer received: ${c.shortTitle}`,
      bodyVi:
        (whoVi ? `${whoVi} đã trả lời vụ việc “${c.title}”.` : `Vụ việc “${c.title}” đã có ý kiến trả lời.`) +
        ' Vui lòng xem nội dung và áp dụng tại cơ sở.',
      bodyEn:
        (whoEn ? `${whoEn} answered the case “${c.title}”.` : `The case “${c.title}” has been answered.`) +
        ' Please read the answer and apply it locally.',
    };
  },
  escalation_forwarded: (c) => {
    const toVi = c.levelVi ?? c.unitVi;
    const toEn = c.levelEn ?? c.unitEn;
    return {
      titleVi: `Vụ việc được chuyển tiếp: ${c.shortTitle}`,
      titleEn: `Case forwarded: ${c.shortTitle}`,
      bodyVi:
        (c.actor
          ? `${c.actor} đã chuyển tiếp vụ việc “${c.title}”${toVi ? ` đến ${toVi}` : ''}.`
          : `Vụ việc “${c.title}” đã được chuyển tiếp${toVi ? ` đến ${toVi}` : ''}.`) +
        (c.deadlineVi ? ` Hạn trả lời: ${c.deadlineVi}.` : '') +
        c.noteVi,
      bodyEn:
        (c.actor
          ? `${c.actor} forwarded the case “${c.title}”${toEn ? ` to ${toEn}` : ''}.`
          : `The case “${c.title}” was forwarded${toEn ? ` to ${toEn}` : ''}.`) +
        (c.deadlineEn ? ` Answer due by ${c.deadlineEn}.` : '') +
        c.noteEn,
    };
  },
  case_reassigned: (c) => {
    const assignee = present(c.p.assigneeName);
    const toVi = assignee ?? c.unitVi ?? 'người xử lý mới';
    const toEn = assignee ?? c.unitEn ?? 'a new handler';
    return {
      titleVi: `Vụ việc được phân công lại: ${c.shortTitle}`,
      titleEn: `Case reassigned: ${c.shortTitle}`,
      bodyVi: c.actor
        ? `${c.actor} đã phân công vụ việc “${c.title}” cho ${toVi}.`
        : `Vụ việc “${c.title}” đã được phân công cho ${toVi}.`,
      bodyEn: c.actor
        ? `${c.actor} reassigned the case “${c.title}” to ${toEn}.`
        : `The case “${c.title}” was reassigned to ${toEn}.`,
    };
  },
  policy_proposed: (c) => ({
    titleVi: `Đề xuất chính sách chờ quyết định: ${c.shortTitle}`,
    titleEn: `Policy proposal awaiting a decision: ${c.shortTitle}`,
    bodyVi:
      `${c.actor ?? 'Công chức tăng cường'} đã đề xuất sửa đổi, bổ sung cơ chế, chính sách từ vụ việc “${c.title}”. ` +
      'Đề nghị Lãnh đạo Bộ xem xét, quyết định.',
    bodyEn:
      `${c.actor ?? 'A deployed official'} proposed a change to mechanisms or policy based on the case “${c.title}”. ` +
      'The Ministry leadership is asked to decide.',
  }),
  policy_decided: (c) => {
    const decision = c.p.decision ? DECISION_LABELS[c.p.decision] : null;
    const byVi = c.actor ?? 'Lãnh đạo Bộ';
    const byEn = c.actor ?? 'The Ministry leadership';
    return {
      titleVi: `Đã có quyết định về đề xuất chính sách: ${c.shortTitle}`,
      titleEn: `Policy proposal decided: ${c.shortTitle}`,
      bodyVi: decision
        ? `Đề xuất chính sách từ vụ việc “${c.title}” đã được ${byVi} quyết định: ${decision.vi}.`
        : `Đề xuất chính sách từ vụ việc “${c.title}” đã có quyết định của ${byVi}.`,
      bodyEn: decision
        ? `${byEn} decided on the policy proposal from the case “${c.title}”: ${decision.en}.`
        : `${byEn} decided on the policy proposal from the case “${c.title}”.`,
    };
  },
  case_merged: (c) => {
    const target = present(c.p.targetCaseTitle);
    return {
      titleVi: `Vụ việc được gộp do trùng lặp: ${c.shortTitle}`,
      titleEn: `Case merged as a duplicate: ${c.shortTitle}`,
      bodyVi:
        `${c.actor ? `${c.actor} đã gộp` : 'Đã gộp'} vụ việc “${c.title}” vào ` +
        `${target ? `vụ việc “${target}”` : 'một vụ việc khác'} do trùng lặp. Việc theo dõi tiếp tục trên vụ việc đó.`,
      bodyEn:
        `${c.actor ? `${c.actor} merged the case “${c.title}”` : `The case “${c.title}” was merged`} into ` +
        `${target ? `the case “${target}”` : 'another case'} as a duplicate. Follow-up continues there.`,
    };
  },
};

/**
 * The title, body and link of a notification, Vietnamese first with English alongside. Pure and deterministic (no
 * clock, no locale data): the case workflow calls it and passes the result to the `notify` activity.
 */
export function notificationText(kind: NotificationKind, params: NotificationTextParams): NotificationText {
  const render = TEXTS[kind];
  if (!render) throw new RangeError(`Unknown notification kind '${String(kind)}'`);
  const title = present(params.caseTitle)?.normalize('NFC') ?? params.caseId;
  const unitVi = present(params.unitName);
  const unitEn = present(params.unitNameEn) ?? unitVi;
  const level = levelLabels(params.level, unitVi, unitEn);
  const note = present(params.note);
  const shortNote = note ? shorten(note, NOTE_MAX) : null;
  const texts = render({
    p: params,
    title,
    shortTitle: shorten(title, TITLE_CASE_TITLE_MAX),
    actor: present(params.actorName),
    deadlineVi: params.deadline ? formatVietnamDateTimeVi(params.deadline) : null,
    deadlineEn: params.deadline ? formatVietnamDateTimeEn(params.deadline) : null,
    levelVi: level.vi,
    levelEn: level.en,
    unitVi,
    unitEn,
    noteVi: shortNote ? `\nNội dung: “${shortNote}”` : '',
    noteEn: shortNote ? `\nNote: “${shortNote}”` : '',
  });
  return { ...texts, link: `/cases/${encodeURIComponent(params.caseId)}` };
}
