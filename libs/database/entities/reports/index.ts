import { DeploymentEventEntity } from './deployment-event.entity';
import { DeploymentRunEntity } from './deployment-run.entity';
import { ReportNumberEntity } from './report-number.entity';
import { ReportVersionEntity } from './report-version.entity';
import { ReportEntity } from './report.entity';
import { SupportRequestEntity } from './support-request.entity';

export {
  DeploymentEventEntity,
  DeploymentRunEntity,
  ReportEntity,
  ReportNumberEntity,
  ReportVersionEntity,
  SupportRequestEntity,
};

/** Deployments that run and their reports (migration 1765200000000). */
export const REPORT_ENTITIES = [
  DeploymentRunEntity,
  DeploymentEventEntity,
  ReportEntity,
  ReportVersionEntity,
  ReportNumberEntity,
  SupportRequestEntity,
];
