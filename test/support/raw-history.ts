import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';

/** Every payload (`{ metadata, data }`) anywhere in a value, e.g. a fetched history, with where it was found. */
export function payloadsIn(value: unknown, path = '', found: { path: string; payload: Payload }[] = []) {
  if (value === null || typeof value !== 'object') return found;
  if (value instanceof Uint8Array) return found;
  const candidate = value as { metadata?: unknown; data?: unknown };
  if (candidate.metadata && typeof candidate.metadata === 'object' && candidate.data instanceof Uint8Array) {
    found.push({ path, payload: value });
    return found;
  }
  for (const [key, child] of Object.entries(value)) payloadsIn(child, `${path}.${key}`, found);
  return found;
}

/** All bytes and strings of a value as one UTF-8 text: what anyone reading the stored history could see. */
export function rawText(value: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (node === null || node === undefined) return;
    if (typeof node === 'string') parts.push(node);
    else if (node instanceof Uint8Array) parts.push(Buffer.from(node).toString('utf8'));
    else if (typeof node === 'object') for (const child of Object.values(node)) walk(child);
  };
  walk(value);
  return parts.join('\n');
}

/** The history of a workflow as Temporal stores it, read with a client that has no codec. */
export async function rawHistory(plainClient: Client, workflowId: string) {
  return plainClient.workflow.getHandle(workflowId).fetchHistory();
}

export const metadataText = (payload: Payload, key: string): string | undefined => {
  const value = payload.metadata?.[key];
  return value ? Buffer.from(value).toString('utf8') : undefined;
};

/**
 * What Temporal keeps in plaintext by design, never case text: the search attributes it indexes (codes, status,
 * deadline), the request-id headers, and the bookkeeping of local-activity markers (sequence, attempt, times).
 */
const PLAINTEXT_BY_DESIGN = /\.(searchAttributes|header)\.|\.markerRecordedEventAttributes\.details\.data\./;

/** The payloads of a history that carry the workflows' data (everything but PLAINTEXT_BY_DESIGN). */
export function dataPayloadsIn(value: unknown): { path: string; payload: Payload }[] {
  return payloadsIn(value).filter(({ path }) => !PLAINTEXT_BY_DESIGN.test(path));
}
