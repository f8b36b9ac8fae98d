import { Module } from '@nestjs/common';
import { DeploymentsController, DispatchDecisionsController } from './deployments.controller';
import { DeploymentsService } from './deployments.service';

/** Dispatch decisions and deployments (admin writes; personnel, Working Group and leadership read). */
@Module({
  controllers: [DispatchDecisionsController, DeploymentsController],
  providers: [DeploymentsService],
})
export class DeploymentsModule {}
