import { Module } from '@nestjs/common';
import { ActivitiesModule } from '@activities/activities.module';
import { AuditProjectorService } from '@libs/audit';
import { ConfigModule } from '@libs/config';
import { DatabaseModule } from '@libs/database';
import { TemporalWorkerService } from './temporal-worker.service';

@Module({
  imports: [ConfigModule, DatabaseModule, ActivitiesModule],
  providers: [TemporalWorkerService, AuditProjectorService],
})
export class WorkerModule {}
