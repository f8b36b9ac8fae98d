import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** Swagger UI and its assets (`/api/docs`, `/api/docs/…`) and the OpenAPI document (`/api/docs-json`). */
export function isDocsPath(path: string, docsPath: string): boolean {
  const docs = `/${docsPath}`;
  return path === docs || path.startsWith(`${docs}/`) || path === `${docs}-json`;
}

/**
 * Security headers. The API answers JSON only, so its Content-Security-Policy forbids everything; Swagger UI (its
 * own scripts, plus inline styles it sets from JavaScript) gets a policy of its own on the docs paths only.
 * Strict-Transport-Security is sent only when the public URL is https: over plain http it would be ignored at best,
 * and would lock browsers out of an http-only deployment at worst. API responses are `Cache-Control: no-store`: they
 * carry personal data (names, phone numbers, case contents) that must not stay in shared or browser caches.
 */
export function securityHeadersMiddleware(options: { docsPath: string; publicUrl: string }): RequestHandler {
  const hsts =
    new URL(options.publicUrl).protocol === 'https:' ? { maxAge: 31_536_000, includeSubDomains: true } : false;
  const common = {
    strictTransportSecurity: hsts,
    referrerPolicy: { policy: 'no-referrer' as const },
    // Nothing here is meant to be framed (CSP frame-ancestors says the same to newer browsers).
    xFrameOptions: { action: 'deny' as const },
  };
  const api = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
      },
    },
  });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // Swagger UI styles elements from its scripts.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
      },
    },
  });
  // The web console (every path outside /api): its own scripts and styles only; Ant Design sets inline styles.
  const web = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
      },
    },
  });
  const apiRoot = `/${options.docsPath.split('/')[0]}`;
  return (request: Request, response: Response, next: NextFunction): void => {
    if (isDocsPath(request.path, options.docsPath)) {
      docs(request, response, next);
      return;
    }
    if (request.path !== apiRoot && !request.path.startsWith(`${apiRoot}/`)) {
      web(request, response, next);
      return;
    }
    response.setHeader('Cache-Control', 'no-store');
    api(request, response, next);
  };
}
