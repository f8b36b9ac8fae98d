/**
 * The figures of a report, computed from the case event log alone (DOMAIN.md §6), so recomputing a past window gives
 * the same numbers. Input: every event (any time) of the cases in the report's scope; output: counts for the window
 * [from, to) and the state of the cases at `to`.
 *
 * Stated rules:
 * - issues found = cases reported in the window; handled locally / escalated (by the official) / answered / resolved /
 *   policy proposed = distinct cases with such an event in the window; automatic escalations and breaches likewise;
 * - open at `to` = reported before `to` and, by their last event before `to`, neither resolved nor closed;
 *   overdue at `to` = open, escalated (not paused for information) and past the deadline in force;
 * - notable cases = a deadline breached in the window, the leadership level reached in the window, or policy
 *   proposed in the window (a case may have several reasons).
 */
import type { TypedCaseEvent } from '../../contracts/case-events';
import type { CaseStatus, EscalationLevel } from '../case/case-types';

export const NOTABLE_REASONS = ['deadline_breached', 'top_level_reached', 'policy_proposed'] as const;
export type NotableReason = (typeof NOTABLE_REASONS)[number];

export interface CaseSummary {
  caseId: string;
  title: string;
  provinceCode: string;
  communeCode: string;
  field: string;
  status: CaseStatus;
  escalationLevel: EscalationLevel | null;
  deadlineAt: string | null;
  href: string;
}

export interface NotableCase extends CaseSummary {
  reasons: NotableReason[];
}

export interface WeeklyFigures {
  issuesFound: number;
  handledLocally: number;
  escalated: number;
  automaticEscalations: number;
  answered: number;
  resolved: number;
  policyProposals: number;
  breaches: number;
  openAtEnd: number;
  overdueAtEnd: number;
}

export interface WindowReport {
  window: { from: string; to: string };
  figures: WeeklyFigures;
  /** Case ids behind each figure (the CSV export lists them). */
  casesBehind: Record<keyof WeeklyFigures, string[]>;
  notable: NotableCase[];
  openItems: CaseSummary[];
  overdueItems: CaseSummary[];
  /** Title of every case behind a figure. */
  caseTitles: Record<string, string>;
}

export const FIGURE_KEYS: readonly (keyof WeeklyFigures)[] = [
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
];

const CLOSED_STATES: readonly CaseStatus[] = ['resolved', 'closed'];

function byCase(events: readonly TypedCaseEvent[]): Map<string, TypedCaseEvent[]> {
  const cases = new Map<string, TypedCaseEvent[]>();
  for (const event of events) {
    const list = cases.get(event.caseId) ?? [];
    list.push(event);
    cases.set(event.caseId, list);
  }
  for (const list of cases.values()) list.sort((a, b) => a.sequence - b.sequence);
  return cases;
}

/** The case as its events up to (excluding) `at` leave it; null if it was not reported yet. */
export function caseStateAt(events: readonly TypedCaseEvent[], at: number): CaseSummary | null {
  const before = events.filter((event) => Date.parse(event.occurredAt) < at);
  const reported = before.find((event) => event.type === 'case_reported');
  if (!reported || reported.type !== 'case_reported') return null;
  let status: CaseStatus = 'reported';
  let level: EscalationLevel | null = null;
  let deadlineAt: string | null = null;
  for (const event of before) {
    if (event.statusAfter) status = event.statusAfter;
    level = event.escalationLevelAfter;
    deadlineAt = event.deadlineAt;
  }
  return {
    caseId: reported.caseId,
    title: reported.payload.title,
    provinceCode: reported.payload.provinceCode,
    communeCode: reported.payload.communeCode,
    field: reported.payload.field,
    status,
    escalationLevel: level,
    deadlineAt,
    href: `/api/cases/${reported.caseId}`,
  };
}

export function isOverdue(state: CaseSummary, at: number): boolean {
  return state.status === 'escalated' && state.deadlineAt !== null && Date.parse(state.deadlineAt) <= at;
}

/** The figures of the window [from, to). */
export function computeWindowReport(events: readonly TypedCaseEvent[], from: string, to: string): WindowReport {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const behind = Object.fromEntries(FIGURE_KEYS.map((key) => [key, new Set<string>()])) as Record<
    keyof WeeklyFigures,
    Set<string>
  >;
  const reasons = new Map<string, Set<NotableReason>>();
  const note = (caseId: string, reason: NotableReason): void => {
    const set = reasons.get(caseId) ?? new Set<NotableReason>();
    set.add(reason);
    reasons.set(caseId, set);
  };
  const cases = byCase(events);
  const openItems: CaseSummary[] = [];
  const overdueItems: CaseSummary[] = [];
  const notable: NotableCase[] = [];

  for (const [caseId, list] of cases) {
    for (const event of list) {
      const at = Date.parse(event.occurredAt);
      if (at < fromMs || at >= toMs) continue;
      switch (event.type) {
        case 'case_reported':
          behind.issuesFound.add(caseId);
          break;
        case 'local_handling_started':
          behind.handledLocally.add(caseId);
          break;
        case 'case_escalated':
          if (event.payload.automatic) behind.automaticEscalations.add(caseId);
          else behind.escalated.add(caseId);
          if (event.payload.level === 'leadership') note(caseId, 'top_level_reached');
          break;
        case 'escalation_forwarded':
          if (event.payload.toLevel === 'leadership') note(caseId, 'top_level_reached');
          break;
        case 'escalation_answered':
          behind.answered.add(caseId);
          break;
        case 'case_resolved':
          behind.resolved.add(caseId);
          break;
        case 'policy_proposed':
          behind.policyProposals.add(caseId);
          note(caseId, 'policy_proposed');
          break;
        case 'deadline_breached':
          behind.breaches.add(caseId);
          note(caseId, 'deadline_breached');
          break;
        case 'information_requested':
        case 'information_provided':
        case 'assignee_changed':
        case 'deadline_reminder':
        case 'overdue_renotified':
        case 'policy_decided':
        case 'case_withdrawn':
        case 'case_merged':
        case 'duplicate_merged_in':
        case 'case_reopened':
        case 'case_closed':
          // Not a weekly figure; they still shape the case's state at the window end.
          break;
      }
    }
    const state = caseStateAt(list, toMs);
    if (state && !CLOSED_STATES.includes(state.status)) {
      behind.openAtEnd.add(caseId);
      openItems.push(state);
      if (isOverdue(state, toMs)) {
        behind.overdueAtEnd.add(caseId);
        overdueItems.push(state);
      }
    }
    const why = reasons.get(caseId);
    if (why && state) notable.push({ ...state, reasons: NOTABLE_REASONS.filter((reason) => why.has(reason)) });
  }

  const sorted = (set: Set<string>): string[] => [...set].sort();
  const casesBehind = Object.fromEntries(FIGURE_KEYS.map((key) => [key, sorted(behind[key])])) as Record<
    keyof WeeklyFigures,
    string[]
  >;
  const figures = Object.fromEntries(
    FIGURE_KEYS.map((key) => [key, casesBehind[key].length]),
  ) as unknown as WeeklyFigures;
  const byId = (a: CaseSummary, b: CaseSummary): number => a.caseId.localeCompare(b.caseId);
  const caseTitles: Record<string, string> = {};
  for (const caseId of [...new Set(Object.values(casesBehind).flat())].sort()) {
    const reported = cases.get(caseId)?.find((event) => event.type === 'case_reported');
    if (reported?.type === 'case_reported') caseTitles[caseId] = reported.payload.title;
  }
  return {
    window: { from, to },
    caseTitles,
    figures,
    casesBehind,
    notable: notable.sort(byId),
    openItems: openItems.sort(byId),
    overdueItems: overdueItems.sort(byId),
  };
}

/** Nearest-rank percentile of a list of durations (ms); null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export interface DurationStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export function durationStats(values: readonly number[]): DurationStats {
  return { count: values.length, medianMs: percentile(values, 50), p90Ms: percentile(values, 90) };
}

export interface PolicyProposalOutcome {
  caseId: string;
  title: string;
  proposal: string;
  proposedAt: string;
  decision: 'accepted' | 'rejected' | 'needs_study' | null;
  decidedAt: string | null;
  href: string;
}

export interface PeriodReport extends WindowReport {
  timeToFirstAnswer: DurationStats;
  timeToResolution: DurationStats;
  proposals: PolicyProposalOutcome[];
  /** Cases by final state at the end of the window. */
  outcomes: Record<string, number>;
}

/**
 * The whole-period figures of a final summary report: the window figures, plus time from raising to the first
 * answer and to resolution (cases raised in the window, events up to its end), and every proposal with its decision.
 */
export function computePeriodReport(events: readonly TypedCaseEvent[], from: string, to: string): PeriodReport {
  const window = computeWindowReport(events, from, to);
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const firstAnswer: number[] = [];
  const resolution: number[] = [];
  const proposals: PolicyProposalOutcome[] = [];
  const outcomes: Record<string, number> = {};
  for (const list of byCase(events).values()) {
    const reported = list.find((event) => event.type === 'case_reported');
    if (!reported || reported.type !== 'case_reported') continue;
    const raisedAt = Date.parse(reported.occurredAt);
    if (raisedAt < fromMs || raisedAt >= toMs) continue;
    const inWindow = list.filter((event) => Date.parse(event.occurredAt) < toMs);
    const answer = inWindow.find((event) => event.type === 'escalation_answered');
    if (answer) firstAnswer.push(Date.parse(answer.occurredAt) - raisedAt);
    const resolved = inWindow.find((event) => event.type === 'case_resolved');
    if (resolved) resolution.push(Date.parse(resolved.occurredAt) - raisedAt);
    const state = caseStateAt(list, toMs);
    if (state) outcomes[state.status] = (outcomes[state.status] ?? 0) + 1;
    for (const event of inWindow) {
      if (event.type !== 'policy_proposed') continue;
      const decided = inWindow.find((later) => later.type === 'policy_decided' && later.sequence > event.sequence) as
        Extract<TypedCaseEvent, { type: 'policy_decided' }> | undefined;
      proposals.push({
        caseId: event.caseId,
        title: reported.payload.title,
        proposal: event.payload.proposal,
        proposedAt: event.occurredAt,
        decision: decided ? decided.payload.decision : null,
        decidedAt: decided ? decided.occurredAt : null,
        href: `/api/cases/${event.caseId}`,
      });
    }
  }
  proposals.sort((a, b) => a.proposedAt.localeCompare(b.proposedAt) || a.caseId.localeCompare(b.caseId));
  return {
    ...window,
    timeToFirstAnswer: durationStats(firstAnswer),
    timeToResolution: durationStats(resolution),
    proposals,
    outcomes,
  };
}
