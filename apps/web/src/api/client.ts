import createClient from 'openapi-fetch';
import { ApiFailure } from './api-failure';
import type { paths } from './generated/schema';
import { sessionTokens, type TokenPair } from './session-tokens';

let language: 'vi' | 'en' = 'vi';
let onSessionEnded: () => void = () => undefined;

/** The UI language, sent as Accept-Language so the API answers error messages in it. */
export function setApiLanguage(next: 'vi' | 'en'): void {
  language = next;
}

/** Called when the session cannot be renewed (refresh refused): the app goes back to the login page. */
export function setSessionEndedHandler(handler: () => void): void {
  onSessionEnded = handler;
}

let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh token for a new pair, once even when several requests hit 401 together. */
function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = sessionTokens.refresh();
    if (!refreshToken) return false;
    const response = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': language },
      body: JSON.stringify({ refreshToken }),
    });
    if (!response.ok) {
      sessionTokens.clear();
      return false;
    }
    sessionTokens.store((await response.json()) as TokenPair);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function withCredentials(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.set('Accept-Language', language);
  const token = sessionTokens.access();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return new Request(request, { headers });
}

const SESSION_PATHS = ['/api/auth/login', '/api/auth/refresh', '/api/auth/logout'];

/**
 * fetch with the bearer token; on 401 it renews the session once (transparently) and repeats the request.
 * The repeat uses a copy taken before the first attempt, since a sent body cannot be read twice.
 */
export async function authorizedFetch(input: Request): Promise<Response> {
  const spare = input.clone();
  const response = await fetch(withCredentials(input));
  const path = new URL(input.url, window.location.origin).pathname;
  if (response.status !== 401 || SESSION_PATHS.includes(path) || !sessionTokens.refresh()) return response;
  if (!(await refreshSession())) {
    onSessionEnded();
    return response;
  }
  return fetch(withCredentials(spare));
}

/** The typed client, generated from the API's OpenAPI document at build time. */
export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: authorizedFetch });

/** The data of a client call, or an ApiFailure carrying the API's code and message (in the user's language). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw ApiFailure.from(result.response.status, result.error, result.response.statusText || 'Request failed');
}
