import { Module } from '@nestjs/common';
import { MyWorkController } from './my-work.controller';
import { MyWorkService } from './my-work.service';

/** GET /api/my-work: each person's work queue with working time left. */
@Module({
  controllers: [MyWorkController],
  providers: [MyWorkService],
})
export class MyWorkModule {}
