import { parseAllowedActions, type AllowedAction, type CaseActionType } from './allowed-actions';
import { api, unwrap } from './client';
import type { components } from './generated/schema';

export {
  ACTIONS_UNAVAILABLE,
  CASE_ACTION_TYPES,
  type ActionRefusal,
  type AllowedAction,
  type CaseActionType,
} from './allowed-actions';

/**
 * What the API says a person may do on a case: `GET /api/cases/:id/actions`, computed by the same lifecycle rules the
 * workflow validates with. The buttons on the case page are drawn from this answer only; the browser holds no copy of
 * the rules.
 */
export async function fetchAllowedActions(caseId: string): Promise<AllowedAction[]> {
  const body = unwrap(await api.GET('/api/cases/{id}/actions', { params: { path: { id: caseId } } }));
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
