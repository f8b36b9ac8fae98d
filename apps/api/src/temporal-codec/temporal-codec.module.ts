import { Module } from '@nestjs/common';
import { TemporalCodecController } from './temporal-codec.controller';
import { TemporalCodecService } from './temporal-codec.service';

/** The codec server of the Temporal Web UI and CLI (case data in Temporal is encrypted). */
@Module({
  controllers: [TemporalCodecController],
  providers: [TemporalCodecService],
})
export class TemporalCodecModule {}
