import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { components } from '../api/generated/schema';
import { useI18n } from '../i18n/i18n';

export type CommuneHit = components['schemas']['CommuneHitView'];

export interface PickedCommune {
  communeCode: string;
  provinceCode: string;
  label: string;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * Searches all 3,321 communes on the server as the user types: with or without diacritics, by pre-merger name, or
 * by code. The server does the matching (reference data import), so the browser downloads only the hits.
 */
export function CommunePicker({
  id,
  value,
  onChange,
  ariaDescribedBy,
}: {
  id?: string;
  value?: PickedCommune;
  onChange?: (value: PickedCommune | undefined) => void;
  ariaDescribedBy?: string;
}) {
  const { m } = useI18n();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const hits = useQuery({
    queryKey: ['communes', q],
    enabled: q.length >= 2,
    queryFn: async () => unwrap(await api.GET('/api/reference/communes', { params: { query: { q, limit: 20 } } })),
    staleTime: 60_000,
  });
  const options = (hits.data ?? []).map((hit) => ({
    value: hit.code,
    hit,
    label: (
      <div>
        <div>
          {hit.name} — {hit.provinceName}
        </div>
        {hit.formerly && (
          <Typography.Text type="secondary" style={{ fontSize: 13, whiteSpace: 'normal' }}>
            {m.raise.formerly}: {hit.formerly.wardName}
            {hit.formerly.districtName ? `, ${hit.formerly.districtName}` : ''}
          </Typography.Text>
        )}
      </div>
    ),
  }));
  return (
    <Select<string, (typeof options)[number]>
      id={id}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      allowClear
      aria-describedby={ariaDescribedBy}
      placeholder={m.raise.communePlaceholder}
      notFoundContent={hits.isFetching ? m.loading : q.length >= 2 ? m.none : null}
      loading={hits.isFetching}
      value={value?.communeCode}
      labelRender={() => value?.label}
      options={options}
      onChange={(_code, option) => {
        const hit = (Array.isArray(option) ? option[0] : option)?.hit;
        onChange?.(
          hit
            ? { communeCode: hit.code, provinceCode: hit.provinceCode, label: `${hit.name} — ${hit.provinceName}` }
            : undefined,
        );
      }}
      style={{ width: '100%' }}
      data-testid="commune-picker"
    />
  );
}
