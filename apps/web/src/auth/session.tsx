import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setSessionEndedHandler, unwrap } from '../api/client';
import type { components } from '../api/generated/schema';
import { myWorkQuery } from '../api/my-work-query';
import { sessionTokens } from '../api/session-tokens';

export type Me = components['schemas']['MeView'];
export type Role = 'official' | 'unit_head' | 'working_group' | 'leadership' | 'personnel' | 'admin';

interface Session {
  /** undefined while the stored session is being resumed, null when signed out. */
  me: Me | null | undefined;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  reload: () => Promise<void>;
  hasRole: (...roles: Role[]) => boolean;
}

const SessionContext = createContext<Session | null>(null);

async function fetchMe(): Promise<Me> {
  return unwrap(await api.GET('/api/auth/me'));
}

/** Resumes the tab's session; the start page's data and code are fetched alongside, to save round trips. */
async function resume(queryClient: QueryClient): Promise<Me | null> {
  const refreshToken = sessionTokens.refresh();
  if (!refreshToken) return null;
  const response = await fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  if (!response.ok) {
    sessionTokens.clear();
    return null;
  }
  sessionTokens.store((await response.json()) as { accessToken: string; refreshToken: string });
  if (window.location.pathname === '/') void queryClient.prefetchQuery(myWorkQuery);
  return fetchMe();
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const queryClient = useQueryClient();

  useEffect(() => {
    setSessionEndedHandler(() => {
      queryClient.clear();
      setMe(null);
    });
    resume(queryClient).then(setMe, () => setMe(null));
  }, [queryClient]);

  const login = useCallback(async (username: string, password: string) => {
    const pair = unwrap(await api.POST('/api/auth/login', { body: { username, password } }));
    sessionTokens.store(pair);
    const signedIn = await fetchMe();
    setMe(signedIn);
    return signedIn;
  }, []);

  const logout = useCallback(async () => {
    const refreshToken = sessionTokens.refresh();
    try {
      if (refreshToken) await api.POST('/api/auth/logout', { body: { refreshToken } });
    } finally {
      sessionTokens.clear();
      queryClient.clear();
      setMe(null);
    }
  }, [queryClient]);

  const reload = useCallback(async () => setMe(await fetchMe()), []);

  const value = useMemo<Session>(
    () => ({
      me,
      login,
      logout,
      reload,
      hasRole: (...roles) => !!me && roles.some((role) => me.roles.includes(role)),
    }),
    [me, login, logout, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}
