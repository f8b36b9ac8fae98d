import { ApiFailure } from './api-failure';
import { api, authorizedFetch, unwrap } from './client';
import type { components } from './generated/schema';

/**
 * What the API says a person may do on a case: `GET /api/cases/:id/actions`. The buttons on the case page are drawn
 * from this answer only; the browser holds no copy of the lifecycle rules. The endpoint arrives with the engine
 * contract work; until then it answers 404 and every action shows as unavailable, with that reason.
 * This is the only module that knows the endpoint; switch it to the typed client once the document describes it.
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

export async function fetchAllowedActions(caseId: string): Promise<AllowedAction[]> {
  const response = await authorizedFetch(
    new Request(`${window.location.origin}/api/cases/${encodeURIComponent(caseId)}/actions`),
  );
  if (response.status === 404) {
    const body = (await response.json().catch(() => null)) as { code?: string } | null;
    // A 404 for the case itself is a real error; a 404 for the route means the endpoint is not there yet.
    if (body?.code === 'CASE_NOT_FOUND') throw ApiFailure.from(404, body, response.statusText);
    return parseAllowedActions(null);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw ApiFailure.from(response.status, body, response.statusText);
  return parseAllowedActions(body);
}

type Schemas = components['schemas'];
export interface ActionBodies {
  handle_locally: Schemas['HandleLocallyDto'];
  escalate: Schemas['EscalateDto'];
  request_info: Schemas['RequestInfoDto'];
  provide_info: Schemas['ProvideInfoDto'];
  answer: Schemas['AnswerDto'];
  forward: Schemas['ForwardDto'];
  reassign: Schemas['ReassignDto'];
  resolve: Schemas['ResolveDto'];
  propose_policy: Schemas['ProposePolicyDto'];
  decide_policy: Schemas['DecidePolicyDto'];
  withdraw: Schemas['WithdrawDto'];
  merge: Schemas['MergeDto'];
  reopen: Schemas['ReopenDto'];
}

/** Sends one action to its endpoint (apps/api/src/cases/case-actions.controller.ts) through the typed client. */
export async function performCaseAction<T extends CaseActionType>(
  caseId: string,
  type: T,
  body: ActionBodies[T],
): Promise<void> {
  const params = { path: { id: caseId } };
  const send = (): Promise<{ error?: unknown; response: Response }> => {
    switch (type) {
      case 'handle_locally':
        return api.POST('/api/cases/{id}/handle-locally', { params, body: body as ActionBodies['handle_locally'] });
      case 'escalate':
        return api.POST('/api/cases/{id}/escalate', { params, body: body as ActionBodies['escalate'] });
      case 'request_info':
        return api.POST('/api/cases/{id}/request-info', { params, body: body as ActionBodies['request_info'] });
      case 'provide_info':
        return api.POST('/api/cases/{id}/provide-info', { params, body: body as ActionBodies['provide_info'] });
      case 'answer':
        return api.POST('/api/cases/{id}/answer', { params, body: body as ActionBodies['answer'] });
      case 'forward':
        return api.POST('/api/cases/{id}/forward', { params, body: body as ActionBodies['forward'] });
      case 'reassign':
        return api.POST('/api/cases/{id}/reassign', { params, body: body as ActionBodies['reassign'] });
      case 'resolve':
        return api.POST('/api/cases/{id}/resolve', { params, body: body as ActionBodies['resolve'] });
      case 'propose_policy':
        return api.POST('/api/cases/{id}/propose-policy', { params, body: body as ActionBodies['propose_policy'] });
      case 'decide_policy':
        return api.POST('/api/cases/{id}/decide-policy', { params, body: body as ActionBodies['decide_policy'] });
      case 'withdraw':
        return api.POST('/api/cases/{id}/withdraw', { params, body: body as ActionBodies['withdraw'] });
      case 'merge':
        return api.POST('/api/cases/{id}/merge', { params, body: body as ActionBodies['merge'] });
      case 'reopen':
        return api.POST('/api/cases/{id}/reopen', { params, body: body as ActionBodies['reopen'] });
      default:
        throw new Error(`unknown action ${String(type)}`);
    }
  };
  unwrap(await send());
}
