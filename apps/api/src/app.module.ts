import { Module } from '@nestjs/common';
import { ConfigModule } from '@libs/config';
import { DatabaseModule } from '@libs/database';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { GuidanceModule } from './guidance/guidance.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { MetricsModule } from './metrics/metrics.module';
import { MyWorkModule } from './my-work/my-work.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ReferenceApiModule } from './reference/reference-api.module';
import { ReportsModule } from './reports/reports.module';
import { SlaModule } from './sla/sla.module';
import { TemporalModule } from './temporal/temporal.module';
import { TemporalCodecModule } from './temporal-codec/temporal-codec.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    TemporalModule,
    AuthModule,
    HealthModule,
    CasesModule,
    SlaModule,
    NotificationsModule,
    UsersModule,
    DeploymentsModule,
    IdempotencyModule,
    MyWorkModule,
    ReferenceApiModule,
    ReportsModule,
    AuditModule,
    GuidanceModule,
    TemporalCodecModule,
    MetricsModule,
  ],
})
export class AppModule {}
