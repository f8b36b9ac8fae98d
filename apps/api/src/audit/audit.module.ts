import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { ReportPunctualityService } from './report-punctuality';

@Module({
  controllers: [AuditController],
  providers: [AuditService, ReportPunctualityService],
  exports: [AuditService, ReportPunctualityService],
})
export class AuditModule {}
