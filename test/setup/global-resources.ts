import type { TestWorkflowEnvironment } from '@temporalio/testing';

/** What global setup started and global teardown must stop (both run in jest's main process). */
export interface GlobalResources {
  temporalEnv: TestWorkflowEnvironment;
  embeddedStop: (() => Promise<void>) | null;
  databaseUrl: string;
  keepDatabase: boolean;
}

const KEY = Symbol.for('case-engine.test.global-resources');

export function setGlobalResources(resources: GlobalResources): void {
  (globalThis as Record<symbol, unknown>)[KEY] = resources;
}

export function getGlobalResources(): GlobalResources | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as GlobalResources | undefined;
}
