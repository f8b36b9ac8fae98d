/**
 * Where the console keeps its credentials. The access token (15 minutes) lives only in this module's memory, so no
 * script-readable storage ever holds it. The single-use refresh token sits in sessionStorage: it survives a reload
 * of this tab, dies with the tab, is never shared with other tabs or written to disk like localStorage, and each
 * refresh replaces it (a stolen, already used one ends the whole session on the server).
 */
const REFRESH_KEY = 'cce.refreshToken';

let accessToken: string | null = null;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

export const sessionTokens = {
  access(): string | null {
    return accessToken;
  },
  refresh(): string | null {
    return sessionStorage.getItem(REFRESH_KEY);
  },
  store(pair: TokenPair): void {
    accessToken = pair.accessToken;
    sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
  },
  clear(): void {
    accessToken = null;
    sessionStorage.removeItem(REFRESH_KEY);
  },
};
