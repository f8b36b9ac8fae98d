/**
 * The shape of `GET /api/cases/:id/actions` and how the console reads it (pure: no browser or network needed).
 */
export const CASE_ACTION_TYPES = [
  'handle_locally',
  'escalate',
  'request_info',
  'provide_info',
  'answer',
  'forward',
  'reassign',
  'resolve',
  'propose_policy',
  'decide_policy',
  'withdraw',
  'merge',
  'reopen',
] as const;
export type CaseActionType = (typeof CASE_ACTION_TYPES)[number];

export interface ActionRefusal {
  code: string;
  messageVi: string;
  messageEn: string;
}

export interface AllowedAction {
  type: CaseActionType;
  allowed: boolean;
  refusal: ActionRefusal | null;
}

/** The refusal shown on every button while the API cannot say what is allowed. */
export const ACTIONS_UNAVAILABLE: ActionRefusal = {
  code: 'ACTIONS_ENDPOINT_UNAVAILABLE',
  messageVi: 'Máy chủ chưa cung cấp danh sách thao tác được phép cho vụ việc này.',
  messageEn: 'The server does not yet say which actions are allowed on this case.',
};

function isActionType(value: unknown): value is CaseActionType {
  return typeof value === 'string' && (CASE_ACTION_TYPES as readonly string[]).includes(value);
}

/** Reads the API's answer defensively; unknown action types are ignored, missing ones are shown as unavailable. */
export function parseAllowedActions(body: unknown): AllowedAction[] {
  const listed = new Map<CaseActionType, AllowedAction>();
  const actions = (body as { actions?: unknown } | null)?.actions;
  if (Array.isArray(actions)) {
    for (const entry of actions as Array<Record<string, unknown>>) {
      if (!isActionType(entry?.type)) continue;
      const refusal = entry.refusal as Partial<ActionRefusal> | null | undefined;
      listed.set(entry.type, {
        type: entry.type,
        allowed: entry.allowed === true,
        refusal:
          entry.allowed === true || !refusal
            ? null
            : {
                code: String(refusal.code ?? ''),
                messageVi: String(refusal.messageVi ?? ''),
                messageEn: String(refusal.messageEn ?? ''),
              },
      });
    }
  }
  return CASE_ACTION_TYPES.map(
    (type) => listed.get(type) ?? { type, allowed: false, refusal: listed.size > 0 ? null : ACTIONS_UNAVAILABLE },
  );
}
