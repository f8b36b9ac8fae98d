import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes the case workflow keeps up to date, so a case can be found in the Temporal Web UI
 * (and with `temporal workflow list --query`) by what officials talk about. The dev-server setup registers them.
 */
export const CaseStatusAttribute = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const ProvinceCodeAttribute = defineSearchAttributeKey('ProvinceCode', SearchAttributeType.KEYWORD);
export const CommuneCodeAttribute = defineSearchAttributeKey('CommuneCode', SearchAttributeType.KEYWORD);
export const CaseFieldAttribute = defineSearchAttributeKey('CaseField', SearchAttributeType.KEYWORD);
export const CasePriorityAttribute = defineSearchAttributeKey('CasePriority', SearchAttributeType.KEYWORD);
export const EscalationLevelAttribute = defineSearchAttributeKey('EscalationLevel', SearchAttributeType.KEYWORD);
export const AnswerDeadlineAttribute = defineSearchAttributeKey('AnswerDeadline', SearchAttributeType.DATETIME);

export const CASE_SEARCH_ATTRIBUTES = [
  CaseStatusAttribute,
  ProvinceCodeAttribute,
  CommuneCodeAttribute,
  CaseFieldAttribute,
  CasePriorityAttribute,
  EscalationLevelAttribute,
  AnswerDeadlineAttribute,
] as const;

/** `NAME=Type` pairs in the form `temporal server start-dev --search-attribute` takes. */
export function searchAttributeFlags(): string[] {
  const cliType: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.DATETIME]: 'Datetime',
    [SearchAttributeType.INT]: 'Int',
    [SearchAttributeType.TEXT]: 'Text',
    [SearchAttributeType.BOOL]: 'Bool',
    [SearchAttributeType.DOUBLE]: 'Double',
    [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
  };
  return CASE_SEARCH_ATTRIBUTES.map((key) => `${key.name}=${cliType[key.type]}`);
}
