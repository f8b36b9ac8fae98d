import { Global, Module } from '@nestjs/common';
import { DatabaseService } from './database.service';

/** Provides DatabaseService (the one DataSource). Needs APP_CONFIG from the importing application. */
@Global()
@Module({
  providers: [DatabaseService],
  exports: [DatabaseService],
})
export class DatabaseModule {}
