import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  DEPLOYMENT_WORKFLOW_TYPE,
  deploymentWorkflowId,
  type DeploymentWorkflowInput,
} from '@libs/contracts/deployment-workflow';

/**
 * Starts the workflow of each deployment unless it is already running (API create, CSV import, demo seed). A
 * deployment whose earlier run completed gets a new run, which plans from the stored period again.
 */
export async function startDeploymentWorkflows(
  client: Client,
  taskQueue: string,
  deploymentIds: readonly string[],
): Promise<number> {
  let started = 0;
  for (const deploymentId of deploymentIds) {
    const input: DeploymentWorkflowInput = { deploymentId };
    try {
      await client.workflow.start(DEPLOYMENT_WORKFLOW_TYPE, {
        workflowId: deploymentWorkflowId(deploymentId),
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
      started += 1;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  return started;
}
