import { createDataSource } from './data-source';

/**
 * The DataSource the TypeORM CLI uses (`npm run db:migrate`, `npm run db:migration:create`).
 * It reads the same DATABASE_URL as the API and the worker.
 */
const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/case_engine)');
}
export default createDataSource({ url, poolSize: 1, applicationName: 'case-engine-cli' });
