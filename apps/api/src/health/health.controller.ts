import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { HealthService, type DependencyHealth, type HealthReport } from './health.service';

class DependencyHealthView implements DependencyHealth {
  @ApiProperty({ enum: ['up', 'down'], description: 'Only up or down; why a check failed is logged, not returned' })
  status!: 'up' | 'down';
}

class HealthChecksView {
  @ApiProperty({ type: DependencyHealthView }) postgres!: DependencyHealthView;
  @ApiProperty({ type: DependencyHealthView }) temporal!: DependencyHealthView;
}

class HealthReportView implements HealthReport {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: 'ok' | 'unavailable';
  @ApiProperty({ type: HealthChecksView }) checks!: HealthChecksView;
  @ApiProperty({ format: 'date-time' }) checkedAt!: string;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Tình trạng hệ thống / Health of PostgreSQL and Temporal, checked separately' })
  @ApiOkResponse({ type: HealthReportView })
  @ApiServiceUnavailableResponse({ type: HealthReportView, description: 'At least one dependency is down' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.check();
    response.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
