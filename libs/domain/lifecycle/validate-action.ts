import { ESCALATION_LEVELS } from '../case/case-types';
import {
  type CaseAction,
  ESCALATION_TARGETS,
  isCaseActionType,
  MAX_TEXT_LENGTH,
  POLICY_DECISIONS,
  type Refusal,
} from './lifecycle-types';
import {
  forwardWithoutDestination,
  invalidChoice,
  mergeIntoSelf,
  missingText,
  notABoolean,
  textTooLong,
  unitOnlyAtUnitHeadLevel,
  unknownActionType,
} from './lifecycle-messages';

// Actions arrive from HTTP bodies and workflow signals, so values are checked at run time even where types say more.

function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function requiredText(value: unknown, field: string): Refusal | null {
  if (typeof value !== 'string' || value.trim() === '') return missingText(field);
  const length = codePointLength(value);
  return length > MAX_TEXT_LENGTH ? textTooLong(field, length) : null;
}

/** Optional fields may be omitted (undefined or null); when present they follow the same rules as required ones. */
function optionalText(value: unknown, field: string): Refusal | null {
  return value === undefined || value === null ? null : requiredText(value, field);
}

function choice(value: unknown, allowed: readonly string[], field: string): Refusal | null {
  return typeof value === 'string' && allowed.includes(value) ? null : invalidChoice(field, allowed);
}

function optionalChoice(value: unknown, allowed: readonly string[], field: string): Refusal | null {
  return value === undefined || value === null ? null : choice(value, allowed, field);
}

/** Checks the action's own fields, independent of the case; the first problem found wins, in field order. */
export function validateAction(action: CaseAction): Refusal | null {
  const candidate: unknown = action;
  if (typeof candidate !== 'object' || candidate === null) return unknownActionType();
  if (!isCaseActionType((candidate as { type?: unknown }).type)) return unknownActionType();
  switch (action.type) {
    case 'handle_locally':
      return requiredText(action.note, 'note');
    case 'escalate':
      return choice(action.target, ESCALATION_TARGETS, 'target') ?? requiredText(action.question, 'question');
    case 'request_info':
      return requiredText(action.question, 'question');
    case 'provide_info':
      return requiredText(action.information, 'information');
    case 'answer':
      return (
        requiredText(action.text, 'text') ??
        optionalText(action.legalBasis, 'legalBasis') ??
        (typeof action.publishAsGuidance === 'boolean' ? null : notABoolean('publishAsGuidance'))
      );
    case 'forward': {
      const invalid =
        optionalChoice(action.toLevel, ESCALATION_LEVELS, 'toLevel') ??
        optionalText(action.toUnitCode, 'toUnitCode') ??
        requiredText(action.reason, 'reason');
      if (invalid) return invalid;
      const hasLevel = action.toLevel !== undefined && action.toLevel !== null;
      const hasUnit = action.toUnitCode !== undefined && action.toUnitCode !== null;
      if (!hasLevel && !hasUnit) return forwardWithoutDestination();
      // Units only exist at the unit_head level; an explicit higher level plus a unit is a contradiction.
      if (hasLevel && hasUnit && action.toLevel !== 'unit_head') return unitOnlyAtUnitHeadLevel();
      return null;
    }
    case 'reassign':
      return (
        requiredText(action.assigneeUserId, 'assigneeUserId') ??
        optionalText(action.unitCode, 'unitCode') ??
        optionalText(action.reason, 'reason')
      );
    case 'resolve':
      return requiredText(action.outcome, 'outcome');
    case 'propose_policy':
      return requiredText(action.proposal, 'proposal');
    case 'decide_policy':
      return choice(action.decision, POLICY_DECISIONS, 'decision') ?? optionalText(action.note, 'note');
    case 'withdraw':
      return requiredText(action.reason, 'reason');
    case 'merge': {
      const invalid = requiredText(action.intoCaseId, 'intoCaseId') ?? requiredText(action.caseId, 'caseId');
      if (invalid) return invalid;
      return action.intoCaseId.trim() === action.caseId.trim() ? mergeIntoSelf() : null;
    }
    case 'reopen':
      return requiredText(action.reason, 'reason');
  }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Offset is mandatory: a local time would be read in the host's zone, which differs between API and worker.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Epoch milliseconds of an ISO 8601 instant with an explicit offset, or null. Computed by hand rather than with
 * Date.parse, which silently rolls impossible dates (30 February) over and varies between engines.
 */
export function parseIsoInstant(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = ISO_INSTANT.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const utc = new Date(0);
  // setUTCFullYear keeps years 0–99 literal, which Date.UTC would map to 1900–1999.
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  return utc.getTime() - offsetMinutes * 60_000;
}
