export * from './lifecycle-types';
export * from './lifecycle';
export {
  ACTION_LABELS,
  type Bilingual,
  CLOSE_REASON_LABELS,
  FIELD_LABELS,
  LEVEL_LABELS,
  mergeConflict,
  mergeTargetBusy,
  mergeTargetClosed,
  ROLE_LABELS,
  STATUS_LABELS,
} from './lifecycle-messages';
export { parseIsoInstant, validateAction } from './validate-action';
