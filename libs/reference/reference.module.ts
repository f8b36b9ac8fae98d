import { Module } from '@nestjs/common';
import { ReferenceImportService } from './reference-import.service';
import { ReferenceQueryService } from './reference-query.service';

/** Reference data services. Relies on the global DatabaseModule and ConfigModule the application imports. */
@Module({
  providers: [ReferenceImportService, ReferenceQueryService],
  exports: [ReferenceImportService, ReferenceQueryService],
})
export class ReferenceModule {}
