import { type CaseStatus, type EscalationLevel, type Role } from '../case/case-types';
import {
  type CaseActionType,
  type CloseReason,
  MAX_TEXT_LENGTH,
  type Refusal,
  type RefusalCode,
} from './lifecycle-types';

/** A text in both languages; Vietnamese is what users read first. */
export interface Bilingual {
  vi: string;
  en: string;
}

/** Verb phrases, so messages read "không thể <action>" / "cannot <action>". */
export const ACTION_LABELS: Readonly<Record<CaseActionType, Bilingual>> = {
  handle_locally: { vi: 'xử lý tại chỗ', en: 'handle the case locally' },
  escalate: { vi: 'xin ý kiến chỉ đạo', en: 'escalate the case' },
  request_info: { vi: 'yêu cầu bổ sung thông tin', en: 'request more information' },
  provide_info: { vi: 'bổ sung thông tin', en: 'provide information' },
  answer: { vi: 'trả lời', en: 'answer' },
  forward: { vi: 'chuyển tiếp vụ việc', en: 'forward the case' },
  reassign: { vi: 'phân công lại', en: 'reassign the case' },
  resolve: { vi: 'xác nhận đã giải quyết', en: 'resolve the case' },
  propose_policy: { vi: 'đề xuất chính sách', en: 'propose a policy change' },
  decide_policy: { vi: 'quyết định về đề xuất chính sách', en: 'decide the policy proposal' },
  withdraw: { vi: 'rút vụ việc', en: 'withdraw the case' },
  merge: { vi: 'gộp vụ việc trùng lặp', en: 'merge the case as a duplicate' },
  reopen: { vi: 'mở lại vụ việc', en: 'reopen the case' },
};

export const STATUS_LABELS: Readonly<Record<CaseStatus, Bilingual>> = {
  reported: { vi: 'mới ghi nhận', en: 'newly reported' },
  local_handling: { vi: 'đang xử lý tại chỗ', en: 'being handled locally' },
  escalated: { vi: 'đang chờ ý kiến chỉ đạo', en: 'escalated' },
  awaiting_info: { vi: 'chờ bổ sung thông tin', en: 'awaiting information' },
  answered: { vi: 'đã có ý kiến trả lời', en: 'answered' },
  resolved: { vi: 'đã giải quyết', en: 'resolved' },
  policy_proposed: { vi: 'đã đề xuất chính sách', en: 'awaiting a policy decision' },
  closed: { vi: 'đã đóng', en: 'closed' },
};

export const LEVEL_LABELS: Readonly<Record<EscalationLevel, Bilingual>> = {
  unit_head: { vi: 'Thủ trưởng đơn vị', en: 'the head of unit' },
  working_group: { vi: 'Tổ công tác của Bộ', en: "the Ministry's Working Group" },
  leadership: { vi: 'Lãnh đạo Bộ', en: 'the Ministry leadership' },
};

export const ROLE_LABELS: Readonly<Record<Role, Bilingual>> = {
  official: { vi: 'công chức tăng cường', en: 'deployed officials' },
  unit_head: { vi: 'Thủ trưởng đơn vị', en: 'heads of unit' },
  working_group: { vi: 'thành viên Tổ công tác', en: 'Working Group members' },
  leadership: { vi: 'Lãnh đạo Bộ', en: 'the Ministry leadership' },
  personnel: { vi: 'Vụ Tổ chức cán bộ', en: 'the Department of Personnel and Organisation' },
  admin: { vi: 'quản trị hệ thống', en: 'system administrators' },
};

export const CLOSE_REASON_LABELS: Readonly<Record<CloseReason, Bilingual>> = {
  resolved: { vi: 'đã giải quyết', en: 'resolved' },
  withdrawn: { vi: 'đã rút', en: 'withdrawn' },
  merged: { vi: 'đã gộp vào vụ việc khác', en: 'merged into another case' },
  policy_decided: { vi: 'đã có quyết định về đề xuất chính sách', en: 'closed by a policy decision' },
};

/** Labels of the action fields named in `Refusal.field`. */
export const FIELD_LABELS: Readonly<Record<string, Bilingual>> = {
  type: { vi: 'loại thao tác', en: 'the action type' },
  nowIso: { vi: 'thời điểm thực hiện', en: 'the time of the action' },
  note: { vi: 'ghi chú', en: 'the note' },
  target: { vi: 'nơi xin ý kiến', en: 'the escalation target' },
  question: { vi: 'nội dung câu hỏi', en: 'the question' },
  information: { vi: 'thông tin bổ sung', en: 'the information' },
  text: { vi: 'nội dung trả lời', en: 'the answer text' },
  legalBasis: { vi: 'căn cứ pháp lý', en: 'the legal basis' },
  publishAsGuidance: { vi: 'lựa chọn công bố làm hướng dẫn', en: 'the publish-as-guidance choice' },
  toLevel: { vi: 'cấp chuyển đến', en: 'the destination level' },
  toUnitCode: { vi: 'đơn vị chuyển đến', en: 'the destination unit' },
  reason: { vi: 'lý do', en: 'the reason' },
  assigneeUserId: { vi: 'người được phân công', en: 'the assignee' },
  unitCode: { vi: 'đơn vị', en: 'the unit' },
  outcome: { vi: 'kết quả giải quyết', en: 'the outcome' },
  proposal: { vi: 'nội dung đề xuất', en: 'the proposal' },
  decision: { vi: 'quyết định', en: 'the decision' },
  intoCaseId: { vi: 'vụ việc gốc', en: 'the case to merge into' },
  caseId: { vi: 'vụ việc cần gộp', en: 'the case being merged' },
};

function fieldLabel(field: string): Bilingual {
  return FIELD_LABELS[field] ?? { vi: field, en: field };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Vietnamese groups thousands with dots ("20.000"); done by hand so the text never depends on ICU data. */
function formatViNumber(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

function formatEnNumber(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function refusal(code: RefusalCode, messageVi: string, messageEn: string, field?: string): Refusal {
  return field === undefined ? { code, messageVi, messageEn } : { code, messageVi, messageEn, field };
}

function joinBilingual(items: readonly Bilingual[], viSep: string, enSep: string): Bilingual {
  return { vi: items.map((i) => i.vi).join(viSep), en: items.map((i) => i.en).join(enSep) };
}

// ---- INVALID_INPUT / MERGE_INTO_SELF ----

export function missingText(field: string): Refusal {
  const f = fieldLabel(field);
  return refusal(
    'INVALID_INPUT',
    `Vui lòng nhập ${f.vi}; trường này không được để trống.`,
    `Please fill in ${f.en}; it must not be empty.`,
    field,
  );
}

export function textTooLong(field: string, length: number): Refusal {
  const f = fieldLabel(field);
  return refusal(
    'INVALID_INPUT',
    `${capitalize(f.vi)} quá dài (${formatViNumber(length)} ký tự); tối đa ${formatViNumber(MAX_TEXT_LENGTH)} ký tự. Hãy rút gọn nội dung.`,
    `${capitalize(f.en)} is too long (${formatEnNumber(length)} characters); the limit is ${formatEnNumber(MAX_TEXT_LENGTH)}. Please shorten it.`,
    field,
  );
}

export function invalidChoice(field: string, allowed: readonly string[]): Refusal {
  const f = fieldLabel(field);
  const list = allowed.join(', ');
  return refusal(
    'INVALID_INPUT',
    `Giá trị của ${f.vi} không hợp lệ; hãy chọn một trong các giá trị: ${list}.`,
    `The value of ${f.en} is not valid; choose one of: ${list}.`,
    field,
  );
}

export function notABoolean(field: string): Refusal {
  const f = fieldLabel(field);
  return refusal(
    'INVALID_INPUT',
    `${capitalize(f.vi)} phải là có hoặc không (true/false).`,
    `${capitalize(f.en)} must be yes or no (true/false).`,
    field,
  );
}

export function unknownActionType(): Refusal {
  return refusal(
    'INVALID_INPUT',
    'Thao tác không hợp lệ hoặc không được hỗ trợ. Hãy tải lại trang và thử lại.',
    'This action is not valid or not supported. Reload the page and try again.',
    'type',
  );
}

export function invalidNow(): Refusal {
  return refusal(
    'INVALID_INPUT',
    'Thời điểm thực hiện không hợp lệ: cần thời điểm ISO 8601 có múi giờ, ví dụ 2025-08-20T08:00:00+07:00.',
    'The time of the action is not valid: an ISO 8601 instant with a time zone is required, e.g. 2025-08-20T08:00:00+07:00.',
    'nowIso',
  );
}

export function forwardWithoutDestination(): Refusal {
  return refusal(
    'INVALID_INPUT',
    'Hãy chọn cấp hoặc đơn vị cần chuyển vụ việc đến.',
    'Choose the level or the unit to forward the case to.',
    'toLevel',
  );
}

export function unitOnlyAtUnitHeadLevel(): Refusal {
  return refusal(
    'INVALID_INPUT',
    'Chỉ chọn đơn vị khi chuyển đến cấp Thủ trưởng đơn vị; hãy bỏ chọn đơn vị hoặc đổi cấp chuyển đến.',
    'A unit can be chosen only when forwarding to the head-of-unit level; clear the unit or change the level.',
    'toUnitCode',
  );
}

export function mergeIntoSelf(): Refusal {
  return refusal(
    'MERGE_INTO_SELF',
    'Không thể gộp một vụ việc vào chính nó. Hãy chọn vụ việc gốc mà vụ việc này trùng lặp.',
    'A case cannot be merged into itself. Choose the original case that this one duplicates.',
    'intoCaseId',
  );
}

// ---- merges (decided by the surviving case) ----

export function mergeTargetClosed(): Refusal {
  return refusal(
    'MERGE_TARGET_CLOSED',
    'Vụ việc gốc đã đóng nên không thể nhận vụ việc trùng lặp. Hãy chọn một vụ việc gốc còn đang xử lý.',
    'The original case is closed, so it cannot take in a duplicate. Choose an original case that is still open.',
    'intoCaseId',
  );
}

export function mergeTargetBusy(): Refusal {
  return refusal(
    'MERGE_TARGET_BUSY',
    'Vụ việc gốc đang được gộp vào một vụ việc khác. Hãy chọn vụ việc mà nó được gộp vào.',
    'The original case is itself being merged into another case. Choose the case it is being merged into.',
    'intoCaseId',
  );
}

export function mergeConflict(): Refusal {
  return refusal(
    'MERGE_CONFLICT',
    'Hai vụ việc đang được gộp vào nhau cùng lúc; chỉ một thao tác gộp được thực hiện. Hãy tải lại vụ việc để xem kết quả.',
    'The two cases were being merged into each other at the same time; only one merge was carried out. Reload the case to see which.',
    'intoCaseId',
  );
}

// ---- CASE_CLOSED / ROLE_NOT_ALLOWED ----

export function caseClosed(action: CaseActionType, status: CaseStatus): Refusal {
  const a = ACTION_LABELS[action];
  const lead =
    status === 'resolved'
      ? { vi: 'Vụ việc đã được giải quyết và đang được đóng', en: 'The case has been resolved and is being closed' }
      : { vi: 'Vụ việc đã đóng', en: 'The case is closed' };
  return refusal(
    'CASE_CLOSED',
    `${lead.vi} nên không thể ${a.vi}. Nếu cần xử lý tiếp, công chức phụ trách có thể mở lại vụ việc (khi vụ việc đã giải quyết chưa quá 30 ngày) hoặc ghi nhận vụ việc mới.`,
    `${lead.en}, so you cannot ${a.en}. To continue, the responsible official can reopen it (if it was resolved less than 30 days ago) or raise a new case.`,
  );
}

export function roleNotAllowed(action: CaseActionType, roles: readonly Role[]): Refusal {
  const a = ACTION_LABELS[action];
  const who = joinBilingual(
    roles.map((r) => ROLE_LABELS[r]),
    ' hoặc ',
    ' or ',
  );
  return refusal(
    'ROLE_NOT_ALLOWED',
    `Bạn không có quyền ${a.vi}: thao tác này chỉ dành cho ${who.vi}. Nếu bạn cần quyền này, hãy liên hệ quản trị hệ thống.`,
    `You are not allowed to ${a.en}: only ${who.en} may do this. If you need this permission, contact the system administrator.`,
  );
}

// ---- wrong state ----

export function invalidTransition(action: CaseActionType, status: CaseStatus, from: readonly CaseStatus[]): Refusal {
  const a = ACTION_LABELS[action];
  const s = STATUS_LABELS[status];
  const allowed = joinBilingual(
    from.map((st) => STATUS_LABELS[st]),
    '”, “',
    ', ',
  );
  return refusal(
    'INVALID_TRANSITION',
    `Không thể ${a.vi} khi vụ việc đang ở trạng thái “${s.vi}”. Thao tác này chỉ thực hiện được khi vụ việc ở trạng thái “${allowed.vi}”. Hãy tải lại vụ việc để xem trạng thái mới nhất.`,
    `You cannot ${a.en} while the case is ${s.en}; this is possible only when the case is ${allowed.en}. Reload the case to see its latest state.`,
  );
}

export function cannotReopen(status: CaseStatus, closeReason: CloseReason | null): Refusal {
  if (status === 'closed' && closeReason !== null && closeReason !== 'resolved') {
    const r = CLOSE_REASON_LABELS[closeReason];
    return refusal(
      'INVALID_TRANSITION',
      `Vụ việc được đóng với lý do “${r.vi}” nên không thể mở lại; chỉ vụ việc đã giải quyết mới được mở lại. Nếu vấn đề còn tồn tại, hãy ghi nhận vụ việc mới.`,
      `The case was closed as ${r.en}, so it cannot be reopened; only resolved cases can be reopened. If the problem persists, raise a new case.`,
    );
  }
  const s = STATUS_LABELS[status];
  return refusal(
    'INVALID_TRANSITION',
    `Vụ việc đang ở trạng thái “${s.vi}”, chưa đóng, nên không cần mở lại.`,
    `The case is ${s.en} and not closed, so there is nothing to reopen.`,
  );
}

export function caseNotEscalated(action: CaseActionType, status: CaseStatus): Refusal {
  const a = ACTION_LABELS[action];
  switch (status) {
    case 'awaiting_info':
      return refusal(
        'CASE_NOT_ESCALATED',
        `Vụ việc đang chờ công chức bổ sung thông tin nên chưa thể ${a.vi}; hãy chờ thông tin được bổ sung.`,
        `The case is waiting for the official to provide information, so you cannot ${a.en} yet; wait until the information arrives.`,
      );
    case 'answered':
      return refusal(
        'CASE_NOT_ESCALATED',
        `Yêu cầu xin ý kiến đã được trả lời nên không thể ${a.vi}; nếu cần, công chức phụ trách có thể xin ý kiến lại.`,
        `The escalation has already been answered, so you cannot ${a.en}; the responsible official can escalate again if needed.`,
      );
    case 'reported':
    case 'local_handling':
    case 'escalated':
    case 'resolved':
    case 'policy_proposed':
    case 'closed': {
      const s = STATUS_LABELS[status];
      return refusal(
        'CASE_NOT_ESCALATED',
        `Vụ việc không ở trạng thái chờ ý kiến chỉ đạo (hiện tại: “${s.vi}”) nên không thể ${a.vi}.`,
        `The case is not escalated (it is ${s.en}), so you cannot ${a.en}.`,
      );
    }
  }
}

export function alreadyAnswered(answeredLevel: EscalationLevel | null): Refusal {
  const by = answeredLevel === null ? null : LEVEL_LABELS[answeredLevel];
  return refusal(
    'ALREADY_ANSWERED',
    `Yêu cầu xin ý kiến này đã được ${by === null ? '' : `${by.vi} `}trả lời. Hãy tải lại vụ việc để xem nội dung trả lời.`,
    `This escalation has already been answered${by === null ? '' : ` by ${by.en}`}. Reload the case to see the answer.`,
  );
}

export function caseNotAwaitingInfo(status: CaseStatus): Refusal {
  const s = STATUS_LABELS[status];
  return refusal(
    'CASE_NOT_AWAITING_INFO',
    `Vụ việc không có yêu cầu bổ sung thông tin nào đang chờ (hiện tại: “${s.vi}”), nên không cần bổ sung thông tin. Hãy tải lại vụ việc để xem trạng thái mới nhất.`,
    `Nobody is waiting for information on this case (it is ${s.en}), so there is nothing to provide. Reload the case to see its latest state.`,
  );
}

export function reopenWindowExpired(windowDays: number, resolvedAtKnown: boolean): Refusal {
  if (!resolvedAtKnown) {
    return refusal(
      'REOPEN_WINDOW_EXPIRED',
      `Không xác định được thời điểm giải quyết vụ việc nên không thể mở lại trong thời hạn ${windowDays} ngày. Hãy ghi nhận vụ việc mới và dẫn chiếu vụ việc này.`,
      `The time the case was resolved is unknown, so it cannot be reopened within the ${windowDays}-day window. Raise a new case that refers to this one.`,
    );
  }
  return refusal(
    'REOPEN_WINDOW_EXPIRED',
    `Đã quá ${windowDays} ngày kể từ khi vụ việc được giải quyết nên không thể mở lại. Hãy ghi nhận vụ việc mới và dẫn chiếu vụ việc này.`,
    `More than ${windowDays} days have passed since the case was resolved, so it can no longer be reopened. Raise a new case that refers to this one.`,
  );
}

// ---- wrong person ----

export function notCaseOwner(action: CaseActionType, workingGroupMayToo: boolean): Refusal {
  const a = ACTION_LABELS[action];
  const who = workingGroupMayToo
    ? {
        vi: 'công chức tăng cường phụ trách vụ việc hoặc thành viên Tổ công tác',
        en: 'the official responsible for the case or a Working Group member',
      }
    : { vi: 'công chức tăng cường phụ trách vụ việc', en: 'the official responsible for the case' };
  return refusal(
    'NOT_CASE_OWNER',
    `Chỉ ${who.vi} mới được ${a.vi}. Hãy đề nghị người phụ trách vụ việc thực hiện.`,
    `Only ${who.en} may ${a.en}. Ask the responsible official to do it.`,
  );
}

export function notAssignedLevel(
  action: CaseActionType,
  level: EscalationLevel | null,
  assignedUnitCode: string | null,
): Refusal {
  const a = ACTION_LABELS[action];
  if (level === null) {
    return refusal(
      'NOT_ASSIGNED_LEVEL',
      `Vụ việc chưa được giao cho cấp nào nên bạn không thể ${a.vi}.`,
      `The case is not assigned to any level, so you cannot ${a.en}.`,
    );
  }
  const l = LEVEL_LABELS[level];
  if (level === 'unit_head') {
    const unit = assignedUnitCode ?? '(chưa xác định)';
    const unitEn = assignedUnitCode ?? '(not set)';
    return refusal(
      'NOT_ASSIGNED_LEVEL',
      `Vụ việc đang chờ ý kiến của Thủ trưởng đơn vị ${unit}; bạn không phụ trách đơn vị này nên không thể ${a.vi}. Nếu vụ việc thuộc lĩnh vực của đơn vị bạn, hãy đề nghị Tổ công tác phân công lại.`,
      `The case is waiting for the head of unit ${unitEn}; you are not responsible for that unit, so you cannot ${a.en}. If the case belongs to your unit, ask the Working Group to reassign it.`,
    );
  }
  return refusal(
    'NOT_ASSIGNED_LEVEL',
    `Vụ việc đang chờ ý kiến của ${l.vi}; chỉ ${l.vi} hoặc cấp cao hơn mới được ${a.vi}.`,
    `The case is waiting for ${l.en}; only ${l.en} or a higher level may ${a.en}.`,
  );
}

// ---- INVALID_FORWARD ----

export function forwardDown(from: EscalationLevel, to: EscalationLevel): Refusal {
  return refusal(
    'INVALID_FORWARD',
    `Chỉ được chuyển tiếp sang cùng cấp hoặc lên cấp cao hơn; không thể chuyển từ ${LEVEL_LABELS[from].vi} xuống ${LEVEL_LABELS[to].vi}.`,
    `A case can only be forwarded to the same or a higher level; it cannot go down from ${LEVEL_LABELS[from].en} to ${LEVEL_LABELS[to].en}.`,
    'toLevel',
  );
}

export function forwardSameUnit(unitCode: string | null): Refusal {
  if (unitCode === null) {
    return refusal(
      'INVALID_FORWARD',
      'Hãy chọn đơn vị khác để chuyển đến, hoặc chuyển lên Tổ công tác của Bộ.',
      "Choose another unit to forward to, or forward to the Ministry's Working Group.",
      'toUnitCode',
    );
  }
  return refusal(
    'INVALID_FORWARD',
    `Vụ việc đang được giao cho đơn vị ${unitCode}; hãy chọn đơn vị khác hoặc chuyển lên Tổ công tác của Bộ.`,
    `The case is already assigned to unit ${unitCode}; choose another unit or forward to the Ministry's Working Group.`,
    'toUnitCode',
  );
}

export function forwardSameLevel(level: EscalationLevel): Refusal {
  const l = LEVEL_LABELS[level];
  return refusal(
    'INVALID_FORWARD',
    `Vụ việc đã ở cấp ${l.vi}; chỉ có thể chuyển lên cấp cao hơn.`,
    `The case is already with ${l.en}; it can only be forwarded to a higher level.`,
    'toLevel',
  );
}

export function forwardUnitAboveUnitLevel(level: EscalationLevel): Refusal {
  const l = LEVEL_LABELS[level];
  return refusal(
    'INVALID_FORWARD',
    `Vụ việc đang ở cấp ${l.vi}, không thể chuyển xuống một đơn vị; hãy chọn cấp cao hơn để chuyển đến.`,
    `The case is with ${l.en} and cannot be sent down to a unit; choose a higher level to forward to.`,
    'toUnitCode',
  );
}

export function forwardFromTop(): Refusal {
  return refusal(
    'INVALID_FORWARD',
    'Lãnh đạo Bộ là cấp cao nhất nên không thể chuyển tiếp vụ việc; hãy trả lời hoặc yêu cầu bổ sung thông tin.',
    'The Ministry leadership is the top level, so the case cannot be forwarded; answer it or request more information.',
    'toLevel',
  );
}
