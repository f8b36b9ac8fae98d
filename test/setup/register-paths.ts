// Jest's moduleNameMapper does not apply to global setup/teardown, which run in jest's own process:
// resolve the tsconfig path aliases there the same way.
import { register } from 'tsconfig-paths';
import * as path from 'node:path';

register({
  baseUrl: path.resolve(__dirname, '..', '..'),
  paths: { '@libs/*': ['libs/*'], '@activities': ['activities'], '@activities/*': ['activities/*'] },
});
