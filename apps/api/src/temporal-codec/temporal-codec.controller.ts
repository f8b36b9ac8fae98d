import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedActor } from '@libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrorResponses } from '../common/api-error.decorators';
import { CodecPayloadsDto } from './dto/codec-payloads.dto';
import { TemporalCodecService } from './temporal-codec.service';

/**
 * The codec server protocol of the Temporal Web UI and CLI (codec endpoint `<API>/api/temporal-codec`; they append
 * `/decode` and `/encode`). See README, "Case data in Temporal".
 */
@ApiTags('temporal-codec')
@Controller('temporal-codec')
export class TemporalCodecController {
  constructor(private readonly codec: TemporalCodecService) {}

  @Post('decode')
  @HttpCode(HttpStatus.OK)
  // The roles that may read every case (the same as the case scope's "all").
  @Roles('working_group', 'leadership', 'personnel', 'admin')
  @ApiOperation({
    summary: 'Giải mã dữ liệu vụ việc trong Temporal / Decode case data stored in Temporal',
    description:
      'For the Temporal Web UI and CLI codec setting. Payloads encrypted by this system come back in plaintext; ' +
      'any other payload is returned unchanged. Working Group, leadership, personnel and admins only.',
  })
  @ApiOkResponse({ type: CodecPayloadsDto })
  @ApiErrorResponses(400)
  decode(@Body() body: CodecPayloadsDto, @CurrentActor() actor: AuthenticatedActor): CodecPayloadsDto {
    return this.codec.decode(body, actor.userId);
  }

  @Post('encode')
  @HttpCode(HttpStatus.OK)
  // Encrypting makes payloads the worker accepts, i.e. lets the caller act on cases straight through Temporal:
  // admins only, for operating from the Web UI or CLI.
  @Roles('admin')
  @ApiOperation({
    summary: 'Mã hoá dữ liệu gửi vào Temporal / Encode data for Temporal',
    description: 'For the Temporal Web UI and CLI codec setting: encrypts under the current key. Admins only.',
  })
  @ApiOkResponse({ type: CodecPayloadsDto })
  @ApiErrorResponses(400)
  encode(@Body() body: CodecPayloadsDto, @CurrentActor() actor: AuthenticatedActor): CodecPayloadsDto {
    return this.codec.encode(body, actor.userId);
  }
}
