import { Module } from '@nestjs/common';
import { DeploymentReportsController, ReportsController, SupportRequestsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Weekly and final reports, support requests, the ministry roll-up, evaluation figures and Decree 30 exports. */
@Module({
  controllers: [DeploymentReportsController, ReportsController, SupportRequestsController],
  providers: [ReportsService],
})
export class ReportsModule {}
