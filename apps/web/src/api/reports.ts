import { ApiFailure } from './api-failure';
import { authorizedFetch } from './client';

/**
 * What `GET /api/reports/:id` and `GET /api/deployments/:id/reports` answer (apps/api/src/reports/reports.service.ts,
 * `ReportView`). The API documents no response schema for these yet, so the shape is written out here; keep it in
 * step with the service.
 */
export type Punctuality = 'not_due' | 'open' | 'on_time' | 'late' | 'missing';
export const FIGURE_KEYS = [
  'issuesFound',
  'handledLocally',
  'escalated',
  'automaticEscalations',
  'answered',
  'resolved',
  'policyProposals',
  'breaches',
  'openAtEnd',
  'overdueAtEnd',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
export const WEEKLY_SECTIONS = ['general', 'results', 'difficulties', 'proposals', 'nextPlan'] as const;
export const FINAL_SECTIONS = [
  'general',
  'results',
  'difficulties',
  'proposals',
  'lessons',
  'recommendations',
] as const;
export type NarrativeSection = (typeof WEEKLY_SECTIONS)[number] | (typeof FINAL_SECTIONS)[number];

export interface ReportVersion {
  version: number;
  documentNumber: string;
  submittedAt: string;
  submittedBy: string;
  correctionReason: string | null;
  reviewOutcome: 'acknowledged' | 'returned' | null;
  reviewComment: string | null;
  reviewedAt: string | null;
}

export interface Report {
  id: string;
  deploymentId: string;
  kind: 'weekly' | 'final';
  cycleIndex: number;
  windowStart: string;
  windowEnd: string;
  draftReadyAt: string;
  dueAt: string;
  missingAt: string | null;
  cancelled: boolean;
  status: string;
  punctuality: Punctuality;
  firstSubmittedAt: string | null;
  figures: { figures?: Partial<Record<FigureKey, number>> } | null;
  narrative: Partial<Record<NarrativeSection, string>>;
  currentVersion: number;
  versions: ReportVersion[];
  provinceName: string;
  decisionNumber: string;
}

export interface SupportRequest {
  id: string;
  deploymentId: string;
  official: { userId: string; displayName: string };
  provinceCode: string;
  forwardNote: string | null;
  title: string;
  body: string;
  status: 'submitted' | 'acknowledged' | 'forwarded' | 'answered';
  createdAt: string;
  answer: string | null;
  answeredAt: string | null;
}

/** The sections the official writes for this kind of report. */
export function sectionsOf(kind: Report['kind']): readonly NarrativeSection[] {
  return kind === 'final' ? FINAL_SECTIONS : WEEKLY_SECTIONS;
}

function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename="([^"]+)"/.exec(disposition);
  return match?.[1] ?? fallback;
}

/**
 * Downloads a report version's `.docx` or `.csv` with the bearer token (a plain link could not carry it) and hands it
 * to the browser as a file.
 */
export async function downloadReportFile(reportId: string, version: number, format: 'docx' | 'csv'): Promise<void> {
  const path = `/api/reports/${encodeURIComponent(reportId)}/versions/${version}/${format === 'docx' ? 'document.docx' : 'data.csv'}`;
  const response = await authorizedFetch(new Request(new URL(path, window.location.origin)));
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw ApiFailure.from(response.status, body, response.statusText || 'Download failed');
  }
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileNameOf(response, `bao-cao-v${version}.${format}`);
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
