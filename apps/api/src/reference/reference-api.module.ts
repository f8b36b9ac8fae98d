import { Module } from '@nestjs/common';
import { ReferenceModule } from '@libs/reference';
import { ReferenceApiController } from './reference-api.controller';

/** HTTP access to the reference data of libs/reference. */
@Module({
  imports: [ReferenceModule],
  controllers: [ReferenceApiController],
})
export class ReferenceApiModule {}
