import './register-paths';
import { dropDatabase } from '../../apps/stack/src/postgres';
import { getGlobalResources } from './global-resources';

export default async function globalTeardown(): Promise<void> {
  const resources = getGlobalResources();
  if (!resources) return;
  await resources.temporalEnv.teardown();
  if (!resources.keepDatabase) await dropDatabase(resources.databaseUrl).catch(() => undefined);
  await resources.embeddedStop?.();
}
