import { Module } from '@nestjs/common';
import { ConfigModule } from '@libs/config';
import { DatabaseModule } from '@libs/database';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { SlaModule } from './sla/sla.module';
import { TemporalModule } from './temporal/temporal.module';
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
  ],
})
export class AppModule {}
