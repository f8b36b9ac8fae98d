import { Body, Controller, Get, HttpStatus, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedActor } from '@libs/domain';
import { ReferenceDataError, ReferenceQueryService } from '@libs/reference';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../common/api-error';
import { ApiErrorResponses, ErrorView } from '../common/api-error.decorators';
import {
  CommuneHitView,
  FieldCodeParams,
  FieldRefView,
  ProvinceRefView,
  SearchCommunesQuery,
  SetFieldRoutingDto,
  UnitRefView,
} from './dto/reference.dto';

/**
 * Reference data for every signed-in user (forms, filters, routing): provinces and communes after the 1 July 2025
 * reorganisation, with search by former names; the Ministry's fields with the unit that answers each, and its
 * units. Admins change a field's routing here.
 */
@ApiTags('reference data')
@ApiBearerAuth()
@Controller('reference')
export class ReferenceApiController {
  constructor(private readonly reference: ReferenceQueryService) {}

  @Get('provinces')
  @ApiOperation({ summary: 'Tỉnh, thành phố (34) / Provinces and centrally-run cities' })
  @ApiOkResponse({ type: [ProvinceRefView] })
  @ApiErrorResponses(401, 503)
  async provinces(): Promise<ProvinceRefView[]> {
    return (await this.reference.listProvinces()).map((province) => ProvinceRefView.from(province));
  }

  @Get('communes')
  @ApiOperation({
    summary: 'Tìm xã, phường, đặc khu / Search communes',
    description:
      'By name with or without diacritics ("hoan kiem"), by code ("00070", or a prefix of at least one digit), or by ' +
      'the name or code of a former (pre-July-2025) unit: the current commune is returned with `formerly` and a ' +
      '`label` saying "trước đây là …". Best matches first; current communes only, except an exact code.',
  })
  @ApiOkResponse({ type: [CommuneHitView] })
  @ApiErrorResponses(400, 401, 503)
  async communes(@Query() query: SearchCommunesQuery): Promise<CommuneHitView[]> {
    const hits = await this.reference.searchCommunes({
      query: query.q,
      ...(query.province ? { provinceCode: query.province } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
    });
    return hits.map((hit) => CommuneHitView.from(hit));
  }

  @Get('fields')
  @ApiOperation({
    summary: 'Lĩnh vực quản lý của Bộ và đơn vị trả lời / Ministry fields with the unit that answers each',
  })
  @ApiOkResponse({ type: [FieldRefView] })
  @ApiErrorResponses(401, 503)
  async fields(): Promise<FieldRefView[]> {
    return (await this.reference.listFields()).map((field) => FieldRefView.from(field));
  }

  @Get('units')
  @ApiOperation({ summary: 'Các đơn vị của Bộ / Units of the Ministry' })
  @ApiOkResponse({ type: [UnitRefView] })
  @ApiErrorResponses(401, 503)
  async units(): Promise<UnitRefView[]> {
    return (await this.reference.listUnits()).map((unit) => UnitRefView.from(unit));
  }

  @Put('fields/:code/routing')
  @Roles('admin')
  @ApiOperation({
    summary: 'Đổi đơn vị trả lời của một lĩnh vực / Route a field to another unit (admin)',
    description:
      'Escalations to a unit head that start afterwards go to the new unit; cases already at a unit keep it. ' +
      'Setting the unit the field already has changes nothing.',
  })
  @ApiOkResponse({ type: FieldRefView })
  @ApiResponse({
    status: 400,
    type: ErrorView,
    description: 'VALIDATION_FAILED; REFERENCE_UNIT_NOT_FOUND (no such unit, field unitCode)',
  })
  @ApiResponse({ status: 404, type: ErrorView, description: 'REFERENCE_FIELD_NOT_FOUND' })
  @ApiErrorResponses(503)
  async setRouting(
    @Param() params: FieldCodeParams,
    @Body() dto: SetFieldRoutingDto,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<FieldRefView> {
    try {
      return FieldRefView.from(await this.reference.setFieldRouting(params.code, dto.unitCode, actor.userId));
    } catch (error) {
      if (!(error instanceof ReferenceDataError)) throw error;
      switch (error.code) {
        case 'REFERENCE_FIELD_NOT_FOUND':
          throw new ApiError(HttpStatus.NOT_FOUND, error.code, undefined, error.messages);
        case 'REFERENCE_UNIT_NOT_FOUND':
          throw new ApiError(
            HttpStatus.BAD_REQUEST,
            error.code,
            [
              {
                field: 'unitCode',
                code: 'unitExists',
                messages: { vi: `unitCode: ${error.messages.vi}`, en: `unitCode: ${error.messages.en}` },
              },
            ],
            error.messages,
          );
      }
    }
  }
}
