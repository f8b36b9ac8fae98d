import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { acceptDuplicateUpdate, type AcceptDuplicateInput } from '@libs/contracts';
import { APP_CONFIG, temporalConnectionOptions, type AppConfig } from '@libs/config';
import { mergeTargetClosed, type Refusal } from '@libs/domain';
import { caseDataConverterFor } from '@libs/temporal/payload-codec';

/** The worker's own Temporal client, for the one thing a case asks of another case: to accept it as a duplicate. */
export const CASE_CLIENT = Symbol('CASE_CLIENT');

export const caseClientProvider = {
  provide: CASE_CLIENT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): Client =>
    new Client({
      connection: Connection.lazy(temporalConnectionOptions(config.temporal)),
      namespace: config.temporal.namespace,
      dataConverter: caseDataConverterFor(config),
    }),
};

/**
 * Merging, step one (DOMAIN.md §4): the surviving case accepts the duplicate through its `acceptDuplicate` update,
 * which refuses when it is closed, already merged, or itself being merged into the duplicate. Only then does the
 * duplicate close. The update id comes from the duplicate and its merge attempt, so a retried activity is applied once.
 */
@Injectable()
export class MergeActivities implements OnApplicationShutdown {
  constructor(@Inject(CASE_CLIENT) private readonly client: Client) {}

  async acceptDuplicate(input: AcceptDuplicateInput): Promise<void> {
    const { survivorCaseId, attemptKey, ...request } = input;
    try {
      await this.client.workflow.getHandle(survivorCaseId).executeUpdate(acceptDuplicateUpdate, {
        updateId: `accept-duplicate:${request.duplicateCaseId}:${attemptKey}`,
        args: [request],
      });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        throw refused(
          (error.cause.details?.[0] as Refusal | undefined) ?? mergeTargetClosed(),
          error.cause.type ?? undefined,
        );
      }
      // The survivor's workflow has completed: the case is closed for good.
      if (error instanceof WorkflowNotFoundError) throw refused(mergeTargetClosed());
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

function refused(refusal: Refusal, type: string | undefined = refusal.code): ApplicationFailure {
  return ApplicationFailure.create({ type, nonRetryable: true, message: refusal.messageEn, details: [refusal] });
}
