import { CreateCases1764300000000 } from './1764300000000-create-cases';
import { ReferenceData1764300100000 } from './1764300100000-reference-data';
import { Identity1764300200000 } from './1764300200000-identity';
import { CaseLifecycle1764300400000 } from './1764300400000-case-lifecycle';
import { SlaAndNotifications1764300300000 } from './1764300300000-sla-and-notifications';
import { CaseListsAndIdempotency1764300500000 } from './1764300500000-case-lists-and-idempotency';
import { EngineContract1765000000000 } from './1765000000000-engine-contract';
import { DeploymentReports1765200000000 } from './1765200000000-deployment-reports';
import { AuditAndGuidance1765300000000 } from './1765300000000-audit-and-guidance';
import { IdempotencyClaimOwner1766200000000 } from './1766200000000-idempotency-claim-owner';
import { AuditRollups1766400000000 } from './1766400000000-audit-rollups';

/** Every migration in order; add new ones at the end. */
export const ALL_MIGRATIONS = [
  CreateCases1764300000000,
  ReferenceData1764300100000,
  CaseLifecycle1764300400000,
  SlaAndNotifications1764300300000,
  Identity1764300200000,
  CaseListsAndIdempotency1764300500000,
  EngineContract1765000000000,
  DeploymentReports1765200000000,
  AuditAndGuidance1765300000000,
  IdempotencyClaimOwner1766200000000,
  AuditRollups1766400000000,
];
