import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** The Ministry's fields (names in both languages), cached for the session. */
export function useFields() {
  return useQuery({
    queryKey: ['reference', 'fields'],
    queryFn: async () => unwrap(await api.GET('/api/reference/fields')),
    staleTime: Infinity,
  });
}

export function useProvinces() {
  return useQuery({
    queryKey: ['reference', 'provinces'],
    queryFn: async () => unwrap(await api.GET('/api/reference/provinces')),
    staleTime: Infinity,
  });
}
