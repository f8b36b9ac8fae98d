import { HttpStatus, Injectable } from '@nestjs/common';
import { DatabaseService } from '@libs/database';
import type { AuthenticatedActor } from '@libs/domain';
import { caseScopeSql, isCaseInScope } from '../auth/case-scope';
import { ApiError } from '../common/api-error';
import { prepareQuery, type PreparedQuery } from './guidance-query';

export interface GuidanceHit {
  id: string;
  question: string;
  answer: string;
  legalBasis: string | null;
  field: string | null;
  sourceCaseId: string | null;
  publishedAt: string;
  score: number;
  /** The question and an excerpt of the answer with matches wrapped in <mark>…</mark>. */
  questionHighlighted: string;
  answerHighlighted: string;
}

export interface SimilarCase {
  id: string;
  title: string;
  status: string;
  provinceCode: string;
  communeCode: string;
  raisedAt: string;
  score: number;
  href: string;
}

export interface GuidanceEntryView {
  id: string;
  sourceKind: string;
  sourceCaseId: string | null;
  sourceEventSequence: number | null;
  sourceReference: string | null;
  question: string;
  answer: string;
  legalBasis: string | null;
  field: string | null;
  publishedByUserId: string;
  /** The publisher's display name (null when the account is gone or the publisher was the system). */
  publishedByName: string | null;
  publishedAt: string;
  status: string;
  retiredAt: string | null;
  retireReason: string | null;
  version: number;
  updatedAt: string;
  versions: {
    version: number;
    question: string;
    answer: string;
    legalBasis: string | null;
    field: string | null;
    status: string;
    changedByUserId: string;
    changedByName: string | null;
    changedAt: string;
    changeNote: string | null;
  }[];
  related: { id: string; question: string; status: string }[];
}

/** pg_trgm's default similarity threshold (what `%` uses). */
const SIMILAR_CASE_THRESHOLD = 0.3;
/** How many entries, best by word rank, are re-ranked with trigram similarity. */
const CANDIDATES = 200;
const HEADLINE = `StartSel=<mark>, StopSel=</mark>`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The SQL of a library search (also run directly by the benchmark). */
export function guidanceSearchSql(
  query: PreparedQuery,
  options: { field?: string; limit: number; includeRetired?: boolean },
): { sql: string; values: unknown[] } {
  const values: unknown[] = [query.tsquery ?? '', query.folded, options.limit];
  // Words decide the candidates (GIN on the tsvector); with no searchable word left, trigrams of the text do.
  const where = [query.tsquery !== null ? 'e.search_vector @@ q.tsq' : 'e.question_folded % $2'];
  if (!options.includeRetired) where.push(`e.status = 'active'`);
  if (options.field !== undefined) {
    values.push(options.field);
    where.push(`e.field = $${values.length}`);
  }
  // The best CANDIDATES by word rank are re-ranked with the trigram similarity of the whole question, which is what
  // puts a reworded question first; scoring every match with it would cost too much on a large library.
  return {
    sql: `WITH q AS (SELECT to_tsquery('vn_unaccent', $1) AS tsq),
          candidates AS (
            SELECT e.id, ts_rank('{0.05, 0.05, 0.3, 1.0}', e.search_vector, q.tsq) AS word_rank
              FROM guidance_entries e, q WHERE ${where.join(' AND ')}
             ORDER BY word_rank DESC LIMIT ${CANDIDATES}),
          hits AS (
            SELECT e.*, c.word_rank + similarity(e.question_folded, $2) AS score
              FROM candidates c JOIN guidance_entries e ON e.id = c.id
             ORDER BY score DESC, e.published_at DESC LIMIT $3)
          SELECT h.id, h.question, h.answer, h.legal_basis, h.field, h.source_case_id, h.published_at,
                 h.score::float8 AS score,
                 ts_headline('vn_unaccent', h.question, q.tsq, '${HEADLINE}, HighlightAll=true') AS question_hl,
                 ts_headline('vn_unaccent', h.answer, q.tsq, '${HEADLINE}, MaxWords=35, MinWords=15') AS answer_hl
            FROM hits h, q ORDER BY h.score DESC, h.published_at DESC`,
    values,
  };
}

/** The SQL of "similar open cases" within the actor's scope (also run directly by the benchmark). */
export function similarCasesSql(
  folded: string,
  actor: AuthenticatedActor,
  limit: number,
): { sql: string; values: unknown[] } {
  const scope = caseScopeSql(actor, 'k', 3);
  // A restricted scope (an official's provinces, a unit) leaves few open cases: score each once, reading them from
  // ix_cases_open_province. Everyone else goes through the trigram index.
  const sql =
    scope.condition === 'TRUE'
      ? `SELECT k.id, k.title, k.status, k.province_code, k.commune_code, k.raised_at,
                similarity(k.search_folded, $1)::float8 AS score
           FROM cases k WHERE k.status <> 'closed' AND k.search_folded % $1
          ORDER BY score DESC, k.raised_at DESC LIMIT $2`
      : `SELECT * FROM (
           SELECT k.id, k.title, k.status, k.province_code, k.commune_code, k.raised_at,
                  similarity(k.search_folded, $1)::float8 AS score
             FROM cases k WHERE k.status <> 'closed' AND ${scope.condition} OFFSET 0) scored
          WHERE score >= ${SIMILAR_CASE_THRESHOLD} ORDER BY score DESC, raised_at DESC LIMIT $2`;
  return {
    sql,
    values: [folded, limit, ...scope.values],
  };
}

/**
 * The guidance library (DOMAIN.md §8): search, suggestions while raising, and the Working Group's editing.
 * Entries from published answers are created by the audit projector (libs/audit), not here.
 */
@Injectable()
export class GuidanceService {
  constructor(private readonly database: DatabaseService) {}

  async search(text: string, options: { field?: string; limit?: number } = {}): Promise<GuidanceHit[]> {
    const prepared = prepareQuery(text);
    if (prepared.tsquery === null && prepared.folded.length < 3) return [];
    const { sql, values } = guidanceSearchSql(prepared, { field: options.field, limit: options.limit ?? 10 });
    const rows = await this.database.ready.query<Record<string, unknown>[]>(sql, values);
    return rows.map((row) => ({
      id: String(row.id),
      question: String(row.question),
      answer: String(row.answer),
      legalBasis: (row.legal_basis as string | null) ?? null,
      field: (row.field as string | null) ?? null,
      sourceCaseId: (row.source_case_id as string | null) ?? null,
      publishedAt: (row.published_at as Date).toISOString(),
      score: Number(row.score),
      questionHighlighted: String(row.question_hl),
      answerHighlighted: String(row.answer_hl),
    }));
  }

  async suggestions(
    input: { title: string; description?: string; provinceCode?: string },
    actor: AuthenticatedActor,
  ): Promise<{ guidance: GuidanceHit[]; similarOpenCases: SimilarCase[] }> {
    const text = `${input.title} ${input.description ?? ''}`.trim();
    const prepared = prepareQuery(text);
    const [guidance, similar] = await Promise.all([
      this.search(text, { limit: 5 }),
      prepared.folded.length < 3
        ? Promise.resolve([])
        : this.similarCases(prepareQuery(input.title).folded || prepared.folded, actor, input.provinceCode),
    ]);
    return { guidance, similarOpenCases: similar };
  }

  private async similarCases(folded: string, actor: AuthenticatedActor, provinceCode?: string): Promise<SimilarCase[]> {
    const { sql, values } = similarCasesSql(folded, actor, 10);
    const rows = await this.database.ready.query<Record<string, unknown>[]>(sql, values);
    const cases = rows.map((row) => ({
      id: String(row.id),
      title: String(row.title),
      status: String(row.status),
      provinceCode: String(row.province_code),
      communeCode: String(row.commune_code),
      raisedAt: (row.raised_at as Date).toISOString(),
      score: Number(row.score),
      href: `/api/cases/${String(row.id)}`,
    }));
    // Same province first: the most likely duplicate is a colleague's case next door.
    if (provinceCode)
      cases.sort(
        (a, b) =>
          Number(b.provinceCode === provinceCode) - Number(a.provinceCode === provinceCode) || b.score - a.score,
      );
    return cases.slice(0, 5);
  }

  async entry(id: string): Promise<GuidanceEntryView> {
    if (!UUID.test(id)) throw notFound();
    const db = this.database.ready;
    const rows = await db.query<Record<string, unknown>[]>(
      `SELECT g.*, u.display_name AS published_by_name FROM guidance_entries g
         LEFT JOIN users u ON u.id::text = g.published_by_user_id
        WHERE g.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw notFound();
    const versions = await db.query<Record<string, unknown>[]>(
      `SELECT v.*, u.display_name AS changed_by_name FROM guidance_entry_versions v
         LEFT JOIN users u ON u.id::text = v.changed_by_user_id
        WHERE v.entry_id = $1 ORDER BY v.version`,
      [id],
    );
    const related = await db.query<Record<string, unknown>[]>(
      `SELECT e.id, e.question, e.status FROM guidance_entry_links l
         JOIN guidance_entries e ON e.id = CASE WHEN l.entry_id = $1 THEN l.related_entry_id ELSE l.entry_id END
        WHERE l.entry_id = $1 OR l.related_entry_id = $1 ORDER BY e.published_at`,
      [id],
    );
    return {
      id: String(row.id),
      sourceKind: String(row.source_kind),
      sourceCaseId: (row.source_case_id as string | null) ?? null,
      sourceEventSequence: (row.source_event_sequence as number | null) ?? null,
      sourceReference: (row.source_reference as string | null) ?? null,
      question: String(row.question),
      answer: String(row.answer),
      legalBasis: (row.legal_basis as string | null) ?? null,
      field: (row.field as string | null) ?? null,
      publishedByUserId: String(row.published_by_user_id),
      publishedByName: (row.published_by_name as string | null) ?? null,
      publishedAt: (row.published_at as Date).toISOString(),
      status: String(row.status),
      retiredAt: row.retired_at ? (row.retired_at as Date).toISOString() : null,
      retireReason: (row.retire_reason as string | null) ?? null,
      version: Number(row.version),
      updatedAt: (row.updated_at as Date).toISOString(),
      versions: versions.map((v) => ({
        version: Number(v.version),
        question: String(v.question),
        answer: String(v.answer),
        legalBasis: (v.legal_basis as string | null) ?? null,
        field: (v.field as string | null) ?? null,
        status: String(v.status),
        changedByUserId: String(v.changed_by_user_id),
        changedByName: (v.changed_by_name as string | null) ?? null,
        changedAt: (v.changed_at as Date).toISOString(),
        changeNote: (v.change_note as string | null) ?? null,
      })),
      related: related.map((r) => ({ id: String(r.id), question: String(r.question), status: String(r.status) })),
    };
  }

  /** Edits an entry; the previous text stays in its version history. */
  async edit(
    id: string,
    change: { question?: string; answer?: string; legalBasis?: string | null; field?: string | null; note?: string },
    actor: AuthenticatedActor,
  ): Promise<GuidanceEntryView> {
    const current = await this.entry(id);
    if (current.status === 'retired') throw new ApiError(HttpStatus.CONFLICT, 'GUIDANCE_ENTRY_RETIRED');
    await this.database.ready.transaction(async (manager) => {
      const [updated] = await manager.query<[Record<string, unknown>[], number]>(
        `UPDATE guidance_entries SET question = $2, answer = $3, legal_basis = $4, field = $5, version = version + 1,
                updated_at = now(), updated_by_user_id = $6
          WHERE id = $1 AND status = 'active'
          RETURNING version, question, answer, legal_basis, field, status`,
        [
          id,
          change.question ?? current.question,
          change.answer ?? current.answer,
          change.legalBasis !== undefined ? change.legalBasis : current.legalBasis,
          change.field !== undefined ? change.field : current.field,
          actor.userId,
        ],
      );
      const row = updated[0];
      if (!row) throw new ApiError(HttpStatus.CONFLICT, 'GUIDANCE_ENTRY_RETIRED');
      await manager.query(
        `INSERT INTO guidance_entry_versions (entry_id, version, question, answer, legal_basis, field, status,
                changed_by_user_id, change_note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          row.version,
          row.question,
          row.answer,
          row.legal_basis,
          row.field,
          row.status,
          actor.userId,
          change.note ?? null,
        ],
      );
    });
    return this.entry(id);
  }

  async retire(id: string, reason: string, actor: AuthenticatedActor): Promise<GuidanceEntryView> {
    const current = await this.entry(id);
    if (current.status === 'retired') return current;
    await this.database.ready.transaction(async (manager) => {
      const [updated] = await manager.query<[Record<string, unknown>[], number]>(
        `UPDATE guidance_entries SET status = 'retired', retired_at = now(), retired_by_user_id = $2, retire_reason = $3,
                version = version + 1, updated_at = now(), updated_by_user_id = $2
          WHERE id = $1 AND status = 'active' RETURNING version, question, answer, legal_basis, field`,
        [id, actor.userId, reason],
      );
      if (updated[0]) {
        const row = updated[0];
        await manager.query(
          `INSERT INTO guidance_entry_versions (entry_id, version, question, answer, legal_basis, field, status,
                  changed_by_user_id, change_note) VALUES ($1, $2, $3, $4, $5, $6, 'retired', $7, $8)`,
          [id, row.version, row.question, row.answer, row.legal_basis, row.field, actor.userId, reason],
        );
      }
    });
    return this.entry(id);
  }

  async link(id: string, relatedId: string, actor: AuthenticatedActor): Promise<GuidanceEntryView> {
    if (id.toLowerCase() === relatedId.toLowerCase())
      throw new ApiError(HttpStatus.BAD_REQUEST, 'GUIDANCE_LINK_TO_ITSELF');
    await this.entry(id);
    await this.entry(relatedId);
    const [low, high] = [id.toLowerCase(), relatedId.toLowerCase()].sort();
    await this.database.ready.query(
      `INSERT INTO guidance_entry_links (entry_id, related_entry_id, linked_by_user_id) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [low, high, actor.userId],
    );
    return this.entry(id);
  }

  /** A lesson learned (e.g. from a final report) published as an entry; idempotent on its source reference. */
  async publishLesson(
    input: {
      question: string;
      answer: string;
      legalBasis?: string | null;
      field?: string | null;
      sourceReference: string;
    },
    actor: AuthenticatedActor,
  ): Promise<GuidanceEntryView> {
    const rows = await this.database.ready.transaction(async (manager) => {
      const existing = await manager.query<{ id: string }[]>(
        `SELECT id FROM guidance_entries WHERE source_kind = 'lesson' AND source_reference = $1`,
        [input.sourceReference],
      );
      if (existing[0]) return existing;
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO guidance_entries (source_kind, source_reference, question, answer, legal_basis, field,
                published_by_user_id, published_at, updated_by_user_id)
         VALUES ('lesson', $1, $2, $3, $4, $5, $6, now(), $6) RETURNING id`,
        [
          input.sourceReference,
          input.question,
          input.answer,
          input.legalBasis ?? null,
          input.field ?? null,
          actor.userId,
        ],
      );
      await manager.query(
        `INSERT INTO guidance_entry_versions (entry_id, version, question, answer, legal_basis, field, status,
                changed_by_user_id, change_note) VALUES ($1, 1, $2, $3, $4, $5, 'active', $6, 'published as a lesson learned')`,
        [inserted[0].id, input.question, input.answer, input.legalBasis ?? null, input.field ?? null, actor.userId],
      );
      return inserted;
    });
    return this.entry(rows[0].id);
  }

  /**
   * The lessons learned ("Bài học kinh nghiệm") of a final report's latest submitted version, published as an entry
   * (source "final-report:<id>", so publishing twice returns the same entry; edit it like any entry afterwards).
   */
  async publishFinalReportLessons(
    input: { reportId: string; question: string; legalBasis?: string | null; field?: string | null },
    actor: AuthenticatedActor,
  ): Promise<GuidanceEntryView> {
    const rows = await this.database.ready.query<{ kind: string; lessons: string | null; version: number | null }[]>(
      `SELECT r.kind, v.narrative ->> 'lessons' AS lessons, v.version
         FROM reports r
         LEFT JOIN LATERAL (SELECT version, narrative FROM report_versions WHERE report_id = r.id
                             ORDER BY version DESC LIMIT 1) v ON true
        WHERE r.id = $1`,
      [input.reportId],
    );
    const report = rows[0];
    if (!report || report.kind !== 'final') throw new ApiError(HttpStatus.NOT_FOUND, 'REPORT_NOT_FOUND');
    if (report.version === null) throw new ApiError(HttpStatus.CONFLICT, 'REPORT_NOT_READY');
    const lessons = report.lessons?.trim() ?? '';
    if (lessons === '') {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', [
        {
          field: 'reportId',
          code: 'no_lessons',
          messages: {
            vi: 'Báo cáo cuối đợt chưa có nội dung bài học kinh nghiệm',
            en: 'The final report has no lessons learned',
          },
        },
      ]);
    }
    return this.publishLesson(
      {
        question: input.question,
        answer: lessons,
        legalBasis: input.legalBasis ?? null,
        field: input.field ?? null,
        sourceReference: `final-report:${input.reportId}`,
      },
      actor,
    );
  }

  /** Links a case to a suggested possible duplicate; both must be within the actor's scope. */
  async linkCases(
    caseId: string,
    relatedCaseId: string,
    actor: AuthenticatedActor,
  ): Promise<{ caseId: string; relatedCaseIds: string[] }> {
    if (!UUID.test(caseId) || !UUID.test(relatedCaseId)) throw new ApiError(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND');
    if (caseId.toLowerCase() === relatedCaseId.toLowerCase())
      throw new ApiError(HttpStatus.BAD_REQUEST, 'CASE_LINK_TO_ITSELF');
    const db = this.database.ready;
    const rows = await db.query<{ id: string; province_code: string; assigned_unit_code: string | null }[]>(
      `SELECT id, province_code, assigned_unit_code FROM cases WHERE id = ANY($1::uuid[])`,
      [[caseId, relatedCaseId]],
    );
    const visible = rows.filter((row) =>
      isCaseInScope(actor, { provinceCode: row.province_code, assignedUnitCode: row.assigned_unit_code }),
    );
    if (visible.length < 2) throw new ApiError(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND');
    await db.query(
      `INSERT INTO case_links (case_id, related_case_id, linked_by_user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [caseId.toLowerCase(), relatedCaseId.toLowerCase(), actor.userId],
    );
    const links = await db.query<{ id: string }[]>(
      `SELECT related_case_id AS id FROM case_links WHERE case_id = $1
       UNION SELECT case_id FROM case_links WHERE related_case_id = $1 ORDER BY 1`,
      [caseId.toLowerCase()],
    );
    return { caseId: caseId.toLowerCase(), relatedCaseIds: links.map((link) => link.id) };
  }
}

function notFound(): ApiError {
  return new ApiError(HttpStatus.NOT_FOUND, 'GUIDANCE_ENTRY_NOT_FOUND');
}
