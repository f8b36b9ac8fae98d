import 'reflect-metadata';
import { runMigrations } from '@libs/database';
import { ensureDatabase } from './postgres';

/** `npm run db:migrate`: creates the database if needed and applies pending migrations. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  if (await ensureDatabase(url)) console.log('Created the database');
  const ran = await runMigrations(url);
  console.log(ran.length ? `Applied migrations: ${ran.join(', ')}` : 'The schema is up to date');
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
