import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppModule } from './app.module';
import { API_PREFIX, createOpenApiDocument } from './configure-app';

/**
 * Writes the API's OpenAPI document to a file without starting anything: `preview` mode builds the module graph
 * and reads the controllers' decorators but instantiates no provider, so no database or Temporal is needed.
 * The web console's typed client is generated from this file at build time.
 * Usage: node dist/apps/api/src/write-openapi-document.js <output.json>
 */
async function writeOpenApiDocument(output: string): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  app.setGlobalPrefix(API_PREFIX);
  const document = createOpenApiDocument(app);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`OpenAPI document (${Object.keys(document.paths).length} paths) written to ${output}`);
}

const target = process.argv[2];
if (!target) {
  console.error('usage: write-openapi-document <output.json>');
  process.exit(2);
}
writeOpenApiDocument(resolve(target)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
