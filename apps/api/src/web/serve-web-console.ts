import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/**
 * Where `vite build` put the console: `WEB_DIST_DIR`, else `dist/web` of this checkout (found from the compiled
 * file in `dist/apps/api/src/web/`, or from the source file when the API runs under the test runner).
 */
export function webConsoleDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WEB_DIST_DIR) return resolve(env.WEB_DIST_DIR);
  const repositoryOrDist = resolve(__dirname, '..', '..', '..', '..');
  return __dirname.includes(`${sep}dist${sep}`) ? join(repositoryOrDist, 'web') : join(repositoryOrDist, 'dist', 'web');
}

/** True for the API's own paths, which the console never answers. */
export function isApiPath(path: string, apiPrefix: string): boolean {
  return path === `/${apiPrefix}` || path.startsWith(`/${apiPrefix}/`);
}

/**
 * Serves the web console at `/` from the same origin as the API: hashed assets with a long cache, and `index.html`
 * for every other page address a browser asks for (the console routes in the browser). API paths are untouched, so
 * `/api/unknown` still answers the JSON 404. Without a built console (API-only test runs), nothing is served.
 */
export function serveWebConsole(
  app: NestExpressApplication,
  apiPrefix: string,
  directory = webConsoleDirectory(),
): void {
  const indexFile = join(directory, 'index.html');
  if (!existsSync(indexFile)) {
    new Logger('WebConsole').log(`No web console at ${directory} (run npm run build); serving the API only`);
    return;
  }
  const onlyWeb =
    (handler: RequestHandler): RequestHandler =>
    (request: Request, response: Response, next: NextFunction) => {
      if (isApiPath(request.path, apiPrefix)) {
        next();
        return;
      }
      handler(request, response, next);
    };
  // Slow lines are the norm for communes: text assets go compressed. API answers are left alone (no BREACH surface).
  app.use(onlyWeb(compression()));
  app.useStaticAssets(directory, {
    index: false,
    redirect: false,
    setHeaders: (response: Response, path: string) => {
      const hashed = path.includes(`${sep}assets${sep}`);
      response.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use(
    onlyWeb((request: Request, response: Response, next: NextFunction) => {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || !request.accepts('html')) {
        next();
        return;
      }
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(indexFile);
    }),
  );
}
