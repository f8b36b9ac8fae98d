import type { SignedIn } from '../support/auth';
import { caseApi } from '../support/case-api';
import type { validCase } from '../support/stack';

/** Where a fixture case rests; `resolved` is closed with close reason `resolved` (inside the reopen window). */
export type FixtureState =
  'reported' | 'local_handling' | 'escalated' | 'awaiting_info' | 'answered' | 'policy_proposed' | 'resolved';

/** The people who move fixture cases along: the case's owner and a Working Group member. */
export interface CaseDrivers {
  apiUrl: string;
  owner: SignedIn;
  workingGroup: SignedIn;
}

/**
 * Raises a case through the API as `owner` (priority `low`: with the production answer-target policies nothing
 * fires during a test) and waits until the projection shows it.
 */
export function raiseCase(
  apiUrl: string,
  owner: SignedIn,
  overrides: Partial<Record<keyof typeof validCase, string>> = {},
): Promise<string> {
  return caseApi(apiUrl).raise(owner, { priority: 'low', ...overrides });
}

export async function act(
  apiUrl: string,
  session: SignedIn,
  caseId: string,
  action: string,
  body: Record<string, unknown>,
): Promise<void> {
  await caseApi(apiUrl).act(session, caseId, action, body);
}

/** A fresh case of `owner`'s, taken through the API to `state`. Escalations go to the unit head of the field. */
export async function caseIn(
  state: FixtureState,
  drivers: CaseDrivers,
  overrides: Partial<Record<keyof typeof validCase, string>> = {},
): Promise<string> {
  const { apiUrl, owner, workingGroup } = drivers;
  const id = await raiseCase(apiUrl, owner, overrides);
  const step = (session: SignedIn, action: string, body: Record<string, unknown>) =>
    act(apiUrl, session, id, action, body);
  switch (state) {
    case 'reported':
      break;
    case 'local_handling':
      await step(owner, 'handle-locally', { note: 'Đang hướng dẫn xã.' });
      break;
    case 'escalated':
      await step(owner, 'escalate', { target: 'unit_head', question: 'Xin ý kiến về bố trí công chức.' });
      break;
    case 'awaiting_info':
      await step(owner, 'escalate', { target: 'unit_head', question: 'Xin ý kiến về bố trí công chức.' });
      await step(workingGroup, 'request-info', { question: 'Đề nghị gửi quyết định thành lập xã.' });
      break;
    case 'answered':
      await step(owner, 'escalate', { target: 'unit_head', question: 'Xin ý kiến về bố trí công chức.' });
      await step(workingGroup, 'answer', { text: 'Bố trí theo vị trí việc làm.', publishAsGuidance: false });
      break;
    case 'policy_proposed':
      await step(owner, 'handle-locally', { note: 'Đang hướng dẫn xã.' });
      await step(owner, 'propose-policy', { proposal: 'Bổ sung quy định về công chức dôi dư.' });
      break;
    case 'resolved':
      await step(owner, 'handle-locally', { note: 'Đang hướng dẫn xã.' });
      await step(owner, 'resolve', { outcome: 'Xã đã bố trí xong.' });
      break;
  }
  return id;
}

/** Runs `tasks` with at most `limit` in flight (the fixtures share two cores with the API and the worker). */
export async function inParallel<T>(tasks: (() => Promise<T>)[], limit = 6): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const index = next;
      next += 1;
      results[index] = await tasks[index]();
    }
  });
  await Promise.all(lanes);
  return results;
}
