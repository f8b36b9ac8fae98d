import request from 'supertest';
import type { Client as PgClient } from 'pg';
import type { SignedIn } from './auth';
import { eventually, validCase } from './stack';

/** Helpers for suites that drive cases through the HTTP API. */
export interface CaseApi {
  /** Raises a case (201) and waits until its projection is readable and searchable. */
  raise(session: SignedIn, body?: Record<string, string>): Promise<string>;
  /** Performs a lifecycle action; fails the test unless it answers 200. */
  act(session: SignedIn, id: string, action: string, body: object): Promise<Record<string, unknown>>;
  /** Every page of GET /api/cases with this query, in order. */
  walk(session: SignedIn, query: Record<string, string | number>): Promise<{ items: ListedCase[]; pages: number }>;
}

export interface ListedCase {
  id: string;
  title: string;
  status: string;
  priority: string;
  provinceCode: string;
  communeCode: string;
  field: string;
  escalationLevel: string | null;
  assignedUnitCode: string | null;
  assigneeUserId: string | null;
  answerDeadline: string | null;
  raisedAt: string;
  updatedAt: string;
}

export function caseApi(apiUrl: string): CaseApi {
  return {
    async raise(session, body = {}) {
      const response = await request(apiUrl)
        .post('/api/cases')
        .set(session.authHeader)
        .send({ ...validCase, ...body });
      if (response.status !== 201) throw new Error(`raise: ${response.status} ${JSON.stringify(response.body)}`);
      const id = response.body.id as string;
      // The projection row (search key included) is written with the first event.
      await eventually(
        async () =>
          (await request(apiUrl).get(`/api/cases/${id}`).set(session.authHeader)).status === 200 ? true : undefined,
        10000,
      );
      return id;
    },

    async act(session, id, action, body) {
      const response = await request(apiUrl).post(`/api/cases/${id}/${action}`).set(session.authHeader).send(body);
      if (response.status !== 200) throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body as Record<string, unknown>;
    },

    async walk(session, query) {
      const items: ListedCase[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await request(apiUrl)
          .get('/api/cases')
          .query({ ...query, ...(cursor ? { cursor } : {}) })
          .set(session.authHeader);
        if (response.status !== 200) throw new Error(`list: ${response.status} ${JSON.stringify(response.body)}`);
        items.push(...(response.body.items as ListedCase[]));
        cursor = response.body.nextCursor as string | null;
        pages += 1;
        if (pages > 1000) throw new Error('the list never ends');
      } while (cursor !== null);
      return { items, pages };
    },
  };
}

/** Current communes of a province, by code (the run's database has the real reference data). */
export async function communesOf(db: PgClient, provinceCode: string, count: number): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT code FROM communes WHERE province_code = $1 AND retired_at IS NULL ORDER BY code LIMIT $2`,
    [provinceCode, count],
  );
  return rows.map((row) => row.code);
}
