import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { SelectQueryBuilder } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { CaseEntity, DatabaseService } from '@libs/database';
import type { AuthenticatedActor } from '@libs/domain';
import { addDays } from '@libs/identity';
import { escapeLike, foldVietnamese, normalizeName } from '@libs/reference';
import { caseScopeWhere } from '../auth/case-scope';
import { fieldProblem, validationFailed } from '../common/field-errors';
import { CaseCursorCodec, type CaseCursor, type CaseSort, type CursorScope, type SortOrder } from './case-list-cursor';
import {
  CASE_PAGE_DEFAULT,
  type CaseFilterQuery,
  type CasePageView,
  type ListCasesQuery,
} from './dto/list-cases.query';
import { CaseView } from './dto/case.view';

const ALIAS = 'kase';
/** Words of `q` beyond this many are ignored (each one is a LIKE condition). */
const MAX_SEARCH_WORDS = 12;

/** An instant as text to the microsecond: JavaScript dates would lose the precision a keyset cursor needs. */
const exactInstant = (sql: string): string => `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Urgency as a number: `sort=priority&order=desc` puts urgent cases first. */
const PRIORITY_RANK = `CASE ${ALIAS}.priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END`;

interface SortKey {
  sql: string;
  /** What goes into the cursor (exact text for instants). */
  cursorSql: string;
  cast: 'timestamptz' | 'int';
  /** Set when the key ignores the requested order (cases without a deadline come last either way). */
  fixedOrder?: SortOrder;
}

const instantKey = (column: string): SortKey => ({
  sql: `${ALIAS}.${column}`,
  cursorSql: exactInstant(`${ALIAS}.${column}`),
  cast: 'timestamptz',
});

const SORT_KEYS: Record<CaseSort, SortKey[]> = {
  raisedAt: [instantKey('raised_at')],
  updatedAt: [instantKey('updated_at')],
  answerDeadline: [
    {
      sql: `(${ALIAS}.answer_deadline IS NULL)::int`,
      cursorSql: `(${ALIAS}.answer_deadline IS NULL)::int`,
      cast: 'int',
      fixedOrder: 'asc',
    },
    {
      sql: `coalesce(${ALIAS}.answer_deadline, 'epoch'::timestamptz)`,
      cursorSql: exactInstant(`coalesce(${ALIAS}.answer_deadline, 'epoch'::timestamptz)`),
      cast: 'timestamptz',
    },
  ],
  priority: [{ sql: PRIORITY_RANK, cursorSql: PRIORITY_RANK, cast: 'int' }],
};

/**
 * The case list and count (GET /api/cases, GET /api/cases/count): filters, sorting, keyset pagination. Every query
 * starts from the actor's scope (auth/case-scope.ts), so a case outside it is never listed or counted.
 */
@Injectable()
export class CaseListService {
  private readonly cursors: CaseCursorCodec;

  constructor(
    private readonly database: DatabaseService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursors = new CaseCursorCodec(config.auth.jwtSecret ?? '');
  }

  async list(query: ListCasesQuery, actor: AuthenticatedActor): Promise<CasePageView> {
    const sort = query.sort ?? 'raisedAt';
    const order = query.order ?? 'desc';
    const limit = query.limit ?? CASE_PAGE_DEFAULT;
    const filters = normalizeFilters(query, actor);
    const scope: CursorScope = { sort, order, filters: fingerprint(filters) };
    const after = query.cursor === undefined ? null : this.cursors.decode(scope, query.cursor);

    const keys = SORT_KEYS[sort];
    const builder = this.filtered(filters, actor);
    keys.forEach((key, index) => builder.addSelect(key.cursorSql, `cursor_key_${index}`));
    if (after) applyKeyset(builder, keys, order, after);
    keys.forEach((key, index) => {
      const direction = (key.fixedOrder ?? order) === 'asc' ? 'ASC' : 'DESC';
      if (index === 0) builder.orderBy(key.sql, direction);
      else builder.addOrderBy(key.sql, direction);
    });
    builder.addOrderBy(`${ALIAS}.id`, order === 'asc' ? 'ASC' : 'DESC').limit(limit + 1);

    const { entities, raw } = await builder.getRawAndEntities<Record<string, string | number>>();
    const page = entities.slice(0, limit);
    const last = page.length > 0 && entities.length > limit ? page.length - 1 : null;
    return {
      items: page.map((entity) => CaseView.from(entity)),
      nextCursor:
        last === null
          ? null
          : this.cursors.encode(scope, {
              keys: keys.map((_, index) => raw[last][`cursor_key_${index}`]),
              id: page[last].id,
            }),
    };
  }

  async count(query: CaseFilterQuery, actor: AuthenticatedActor): Promise<number> {
    return this.filtered(normalizeFilters(query, actor), actor).getCount();
  }

  private filtered(filters: NormalizedFilters, actor: AuthenticatedActor): SelectQueryBuilder<CaseEntity> {
    const scope = caseScopeWhere(actor, ALIAS);
    const builder = this.database.ready
      .getRepository(CaseEntity)
      .createQueryBuilder(ALIAS)
      .where(scope.condition, scope.parameters);
    const inList = (column: string, name: string, values: string[]): void => {
      if (values.length > 0) builder.andWhere(`${ALIAS}.${column} IN (:...${name})`, { [name]: values });
    };
    inList('status', 'filterStatus', filters.status);
    inList('province_code', 'filterProvince', filters.province);
    inList('commune_code', 'filterCommune', filters.commune);
    inList('field', 'filterField', filters.field);
    inList('priority', 'filterPriority', filters.priority);
    inList('escalation_level', 'filterLevel', filters.level);
    const overdue = `(${ALIAS}.status = 'escalated' AND ${ALIAS}.answer_deadline < now())`;
    if (filters.overdue === true) builder.andWhere(overdue);
    if (filters.overdue === false) builder.andWhere(`NOT coalesce(${overdue}, false)`);
    if (filters.assignee !== null) {
      builder.andWhere(`${ALIAS}.assignee_user_id = :filterAssignee`, { filterAssignee: filters.assignee });
    }
    filters.words.forEach(({ folded, raw }, index) => {
      // Rows projected before search_folded existed have it NULL until their next event: match them as written.
      builder.andWhere(
        `(${ALIAS}.search_folded LIKE :filterWord${index} ESCAPE '\\' OR (${ALIAS}.search_folded IS NULL AND ` +
          `(${ALIAS}.title ILIKE :filterRawWord${index} ESCAPE '\\' OR ${ALIAS}.description ILIKE :filterRawWord${index} ESCAPE '\\')))`,
        { [`filterWord${index}`]: `%${escapeLike(folded)}%`, [`filterRawWord${index}`]: `%${escapeLike(raw)}%` },
      );
    });
    if (filters.raisedFrom !== null) {
      builder.andWhere(`${ALIAS}.raised_at >= CAST(:filterRaisedFrom AS timestamptz)`, {
        filterRaisedFrom: vietnamMidnight(filters.raisedFrom),
      });
    }
    if (filters.raisedTo !== null) {
      builder.andWhere(`${ALIAS}.raised_at < CAST(:filterRaisedBefore AS timestamptz)`, {
        filterRaisedBefore: vietnamMidnight(addDays(filters.raisedTo, 1)),
      });
    }
    return builder;
  }
}

interface NormalizedFilters {
  status: string[];
  province: string[];
  commune: string[];
  field: string[];
  priority: string[];
  level: string[];
  overdue: boolean | null;
  assignee: string | null;
  words: { folded: string; raw: string }[];
  raisedFrom: string | null;
  raisedTo: string | null;
}

/** The filters in one canonical form (sorted, deduplicated, `me` resolved), also what a cursor is bound to. */
function normalizeFilters(query: CaseFilterQuery, actor: AuthenticatedActor): NormalizedFilters {
  if (query.raisedFrom !== undefined && query.raisedTo !== undefined && query.raisedFrom > query.raisedTo) {
    throw validationFailed(
      fieldProblem(
        'raisedTo',
        'isNotBeforeRaisedFrom',
        'Không được trước raisedFrom.',
        'Must not be before raisedFrom.',
      ),
    );
  }
  const set = (values: string[] | undefined): string[] => [...new Set(values ?? [])].sort();
  const rawWords = query.q === undefined ? [] : normalizeName(query.q).split(' ');
  const words = [
    ...new Map(
      rawWords
        .map((raw) => ({ raw, folded: foldVietnamese(raw) }))
        .filter((word) => word.folded !== '')
        .map((word) => [word.folded, word] as const),
    ).values(),
  ].slice(0, MAX_SEARCH_WORDS);
  return {
    status: set(query.status),
    province: set(query.province),
    commune: set(query.commune),
    field: set(query.field),
    priority: set(query.priority),
    level: set(query.level),
    overdue: query.overdue === undefined ? null : query.overdue === 'true',
    assignee:
      query.assignee === undefined ? null : query.assignee.toLowerCase() === 'me' ? actor.userId : query.assignee,
    words,
    raisedFrom: query.raisedFrom ?? null,
    raisedTo: query.raisedTo ?? null,
  };
}

function fingerprint(filters: NormalizedFilters): string {
  const canonical = { ...filters, words: filters.words.map((word) => word.folded) };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 16);
}

/** Rows strictly after the cursor in the sort order: (k1 > v1) OR (k1 = v1 AND k2 > v2) OR … OR (… AND id > v). */
function applyKeyset(
  builder: SelectQueryBuilder<CaseEntity>,
  keys: SortKey[],
  order: SortOrder,
  cursor: CaseCursor,
): void {
  const columns = [
    ...keys.map((key, index) => ({
      sql: key.sql,
      cast: key.cast,
      order: key.fixedOrder ?? order,
      parameter: `cursorKey${index}`,
      value: cursor.keys[index],
    })),
    { sql: `${ALIAS}.id`, cast: 'uuid', order, parameter: 'cursorId', value: cursor.id },
  ];
  const parameters = Object.fromEntries(columns.map((column) => [column.parameter, column.value]));
  const typed = (column: (typeof columns)[number]): string => `CAST(:${column.parameter} AS ${column.cast})`;
  const alternatives = columns.map((column, index) =>
    [
      ...columns.slice(0, index).map((previous) => `${previous.sql} = ${typed(previous)}`),
      `${column.sql} ${column.order === 'asc' ? '>' : '<'} ${typed(column)}`,
    ].join(' AND '),
  );
  builder.andWhere(`(${alternatives.map((alternative) => `(${alternative})`).join(' OR ')})`, parameters);
}

/** Midnight at the start of a Viet Nam calendar day (UTC+7 all year). */
function vietnamMidnight(isoDate: string): string {
  return `${isoDate}T00:00:00+07:00`;
}
