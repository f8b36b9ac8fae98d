import { api, unwrap } from './client';

/** `GET /api/my-work`, shared by the home page, the inbox and the start-up prefetch (same cache entry). */
export const myWorkQuery = {
  queryKey: ['my-work'] as const,
  queryFn: async () => unwrap(await api.GET('/api/my-work', { params: { query: { limit: 100 } } })),
};
