import { Module } from '@nestjs/common';
import { ConfigModule } from '@libs/config';
import { DatabaseModule } from '@libs/database';
import { CasesModule } from './cases/cases.module';
import { HealthModule } from './health/health.module';
import { TemporalModule } from './temporal/temporal.module';

@Module({
  imports: [ConfigModule, DatabaseModule, TemporalModule, HealthModule, CasesModule],
})
export class AppModule {}
