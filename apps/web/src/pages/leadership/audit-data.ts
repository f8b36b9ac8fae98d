import { api, unwrap } from '../../api/client';
import type { operations } from '../../api/generated/schema';

/** The audit figures the dashboard draws (apps/api/src/audit/audit-figures.ts). */
export type FigureName =
  | 'first-answer'
  | 'resolution'
  | 'compliance'
  | 'auto-escalations'
  | 'backlog-province'
  | 'backlog-field'
  | 'policy-proposals';

export interface FigureRow {
  key: string;
  casesHref: string;
  [value: string]: string | number | null;
}

export interface FigureResult {
  figure: FigureName;
  titleVi: string;
  titleEn: string;
  rows: FigureRow[];
}

export interface DrillDownCase {
  caseId: string;
  title: string;
  provinceCode: string;
  communeCode: string;
  field: string;
  priority: string;
  status: string;
  raisedAt: string;
  currentLevel: string | null;
  maxLevel: string | null;
  unitCode: string | null;
  firstAnswerWorkingMs: number | null;
  resolutionWorkingMs: number | null;
  breachCount: number;
  autoEscalationCount: number;
}

export interface DrillDownPage {
  items: DrillDownCase[];
  nextCursor: string | null;
}

/** The filters every figure and drill-down takes, as they sit in the page's address (so a drill-down keeps them). */
export const FILTER_NAMES = ['from', 'to', 'provinceCode', 'field', 'priority', 'level'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
export type AuditFilters = Partial<Record<FilterName, string>>;

export function filtersFrom(search: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const name of FILTER_NAMES) {
    const value = search.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

type FigureQuery = NonNullable<operations['AuditController_drillDown']['parameters']['query']>;

export async function fetchFigure(figure: FigureName, filters: AuditFilters): Promise<FigureResult> {
  const result = await api.GET('/api/audit/figures/{figure}', {
    params: { path: { figure }, query: filters as FigureQuery },
  });
  return unwrap(result) as unknown as FigureResult;
}

export async function fetchDrillDown(
  figure: FigureName,
  key: string | null,
  filters: AuditFilters,
  cursor: string | undefined,
): Promise<DrillDownPage> {
  const query = { ...filters, ...(key !== null ? { key } : {}), ...(cursor ? { cursor } : {}), limit: 50 };
  const result = await api.GET('/api/audit/figures/{figure}/cases', {
    params: { path: { figure }, query: query as FigureQuery },
  });
  return unwrap(result);
}

/** The address of the cases behind one figure row, with the dashboard's filters. */
export function drillDownPath(figure: FigureName, key: string, filters: AuditFilters): string {
  const search = new URLSearchParams({ key, ...filters });
  return `/dashboard/${figure}/cases?${search.toString()}`;
}
