import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';

interface ControlProps {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  'aria-describedby'?: string;
}

/** The Ministry's units by name (the API wants the code). */
export function UnitPicker(props: ControlProps) {
  const { m, language } = useI18n();
  const units = useQuery({
    queryKey: ['reference', 'units'],
    queryFn: async () => unwrap(await api.GET('/api/reference/units')),
    staleTime: Infinity,
  });
  return (
    <Select
      {...props}
      allowClear
      placeholder={m.admin.picker.unit}
      loading={units.isLoading}
      showSearch={{ optionFilterProp: 'label' }}
      options={(units.data ?? []).map((unit) => ({
        value: unit.code,
        label: `${language === 'vi' ? unit.nameVi : unit.nameEn} (${unit.code})`,
      }))}
    />
  );
}

/** Another case, found by words of its title (with or without diacritics) among the cases the person may see. */
export function CasePicker({ excludeId, ...props }: ControlProps & { excludeId: string }) {
  const { m } = useI18n();
  const [text, setText] = useState('');
  const cases = useQuery({
    queryKey: ['cases', 'picker', text],
    enabled: text.trim().length > 1,
    queryFn: async () => unwrap(await api.GET('/api/cases', { params: { query: { q: text.trim(), limit: 20 } } })),
  });
  return (
    <Select
      {...props}
      placeholder={m.admin.picker.case}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={cases.isFetching}
      notFoundContent={null}
      options={(cases.data?.items ?? [])
        .filter((item) => item.id !== excludeId)
        .map((item) => ({ value: item.id, label: `${item.title} · ${m.status[item.status]}` }))}
    />
  );
}

/** Who the case can be reassigned to, as the API lists them for its level and unit; typing narrows by name. */
export function AssigneePicker({ caseId, unitCode, ...props }: ControlProps & { caseId: string; unitCode?: string }) {
  const { m } = useI18n();
  const [text, setText] = useState('');
  const assignees = useQuery({
    queryKey: ['case', caseId, 'assignees', unitCode ?? '', text.trim()],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/cases/{id}/assignees', {
          params: {
            path: { id: caseId },
            query: { ...(unitCode ? { unitCode } : {}), ...(text.trim() ? { q: text.trim() } : {}) },
          },
        }),
      ),
  });
  return (
    <Select
      {...props}
      placeholder={m.admin.picker.assignee}
      loading={assignees.isFetching}
      showSearch={{ filterOption: false, onSearch: setText }}
      options={(assignees.data ?? []).map((person) => ({
        value: person.id,
        label: `${person.displayName}${person.unitCode ? ` (${person.unitCode})` : ''} · ${person.roles
          .map((role) => m.role[role as keyof typeof m.role] ?? role)
          .join(', ')}`,
      }))}
    />
  );
}
