import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-error.decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { Roles } from '../auth/roles.decorator';
import { DeploymentsService } from './deployments.service';
import {
  CreateDecisionDto,
  CreateDeploymentDto,
  ImportDeploymentsDto,
  ListDeploymentsQuery,
} from './dto/deployment.dto';
import { DecisionView, DeploymentImportView, DeploymentView } from './dto/deployment.view';

@ApiTags('deployments')
@Controller('dispatch-decisions')
export class DispatchDecisionsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Tạo quyết định cử công chức tăng cường / Record a dispatch decision' })
  @ApiCreatedResponse({ type: DecisionView })
  @Idempotent()
  @ApiErrorResponses(400, 409)
  create(@Body() dto: CreateDecisionDto): Promise<DecisionView> {
    return this.deployments.createDecision(dto);
  }

  @Get()
  @Roles('admin', 'personnel', 'working_group', 'leadership')
  @ApiOperation({ summary: 'Các quyết định cử công chức tăng cường / Dispatch decisions, newest first' })
  @ApiOkResponse({ type: [DecisionView] })
  list(): Promise<DecisionView[]> {
    return this.deployments.listDecisions();
  }
}

@ApiTags('deployments')
@Controller('deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Get()
  @Roles('admin', 'personnel', 'working_group', 'leadership')
  @ApiOperation({
    summary: 'Danh sách công chức được cử / Deployments',
    description: 'Filter by decision number (`?decision=878/QĐ-BNV`), province, or `current=true` (covers today).',
  })
  @ApiOkResponse({ type: [DeploymentView] })
  @ApiErrorResponses(400, 404)
  list(@Query() query: ListDeploymentsQuery): Promise<DeploymentView[]> {
    return this.deployments.list(query);
  }

  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Cử một công chức / Deploy one official',
    description: 'The account must exist and hold the official role; the period defaults to the decision’s.',
  })
  @ApiCreatedResponse({ type: DeploymentView })
  @Idempotent()
  @ApiErrorResponses(400, 404, 409)
  create(@Body() dto: CreateDeploymentDto): Promise<DeploymentView> {
    return this.deployments.create(dto);
  }

  @Post('import')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Nhập danh sách tăng cường từ CSV / Import deployments from CSV',
    description:
      'Columns: decision_number, username, display_name, home_unit_code, province_code, period_start, period_end. ' +
      'All or nothing: any problem answers 400 DEPLOYMENT_CSV_INVALID listing every line and column, and nothing is ' +
      'written. Officials without an account get one, with a one-time password shown only in this response.',
  })
  @ApiOkResponse({ type: DeploymentImportView })
  @Idempotent()
  @ApiErrorResponses(400, 409)
  import(@Body() dto: ImportDeploymentsDto): Promise<DeploymentImportView> {
    return this.deployments.importCsv(dto);
  }
}
