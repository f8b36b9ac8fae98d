import { api, unwrap } from './client';
import type { operations } from './generated/schema';

/**
 * What the guidance endpoints answer (apps/api/src/guidance/guidance.service.ts: `GuidanceHit`, `GuidanceEntryView`).
 * The API documents no response schema for them yet, so the shapes are written out here; keep them in step.
 */
export interface GuidanceHit {
  id: string;
  question: string;
  answer: string;
  legalBasis: string | null;
  field: string | null;
  sourceCaseId: string | null;
  publishedAt: string;
  score: number;
  questionHighlighted: string;
  answerHighlighted: string;
}

export interface GuidanceVersion {
  version: number;
  question: string;
  answer: string;
  legalBasis: string | null;
  field: string | null;
  status: string;
  changedByUserId: string;
  changedByName?: string | null;
  changedAt: string;
  changeNote: string | null;
}

export interface GuidanceEntry {
  id: string;
  sourceKind: string;
  sourceCaseId: string | null;
  question: string;
  answer: string;
  legalBasis: string | null;
  field: string | null;
  publishedByUserId: string;
  publishedByName?: string | null;
  publishedAt: string;
  status: 'active' | 'retired';
  retiredAt: string | null;
  retireReason: string | null;
  version: number;
  updatedAt: string;
  versions: GuidanceVersion[];
  related: Array<{ id: string; question: string; status: string }>;
}

type FieldCode = operations['GuidanceController_search']['parameters']['query']['field'];

export async function searchGuidance(q: string, field?: string, limit = 20): Promise<GuidanceHit[]> {
  const body = unwrap(
    await api.GET('/api/guidance', { params: { query: { q, field: field as FieldCode, limit } } }),
  ) as unknown as { items: GuidanceHit[] };
  return body.items;
}

export async function fetchGuidanceEntry(id: string): Promise<GuidanceEntry> {
  return unwrap(await api.GET('/api/guidance/{id}', { params: { path: { id } } }));
}

export interface SimilarCase {
  id: string;
  title: string;
  status: string;
  provinceCode: string;
  communeCode: string;
  raisedAt: string;
  score: number;
}

/** `GET /api/suggestions`: similar guidance and similar open cases in the caller's scope, while raising an issue. */
export async function fetchSuggestions(
  title: string,
  description: string,
  provinceCode?: string,
): Promise<{ guidance: GuidanceHit[]; similarOpenCases: SimilarCase[] }> {
  return unwrap(
    await api.GET('/api/suggestions', {
      params: {
        query: {
          title,
          ...(description ? { description } : {}),
          ...(provinceCode ? { provinceCode } : {}),
        },
      },
    }),
  );
}
