import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { components } from '../api/generated/schema';
import { useI18n } from '../i18n/i18n';
import { CaseList } from './CaseList';
import { ErrorAlert } from './ErrorAlert';

type Status = components['schemas']['CaseView']['status'];
type Priority = components['schemas']['CaseView']['priority'];

const STATUSES: Status[] = [
  'reported',
  'local_handling',
  'escalated',
  'awaiting_info',
  'answered',
  'resolved',
  'policy_proposed',
  'closed',
];
const PRIORITIES: Priority[] = ['urgent', 'high', 'normal', 'low'];

/** The case search of the official's home: its own chunk, fetched after the cases that need the official. */
export default function CaseSearch() {
  const { m } = useI18n();
  const [status, setStatus] = useState<Status[]>([]);
  const [priority, setPriority] = useState<Priority[]>([]);
  const [q, setQ] = useState('');
  const cases = useInfiniteQuery({
    queryKey: ['cases', { status, priority, q }],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/cases', {
          params: {
            query: {
              status: status.length ? status : undefined,
              priority: priority.length ? priority : undefined,
              q: q.trim() || undefined,
              cursor: pageParam,
              limit: 20,
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <Card title={<h2 className="card-heading">{m.home.allCases}</h2>}>
      <Space wrap style={{ marginBottom: 12, width: '100%' }}>
        <Select<Status[]>
          mode="multiple"
          allowClear
          aria-label={m.home.filterStatus}
          placeholder={m.home.filterStatus}
          style={{ minWidth: 200 }}
          value={status}
          onChange={setStatus}
          options={STATUSES.map((value) => ({ value, label: m.status[value] }))}
        />
        <Select<Priority[]>
          mode="multiple"
          allowClear
          aria-label={m.home.filterPriority}
          placeholder={m.home.filterPriority}
          style={{ minWidth: 160 }}
          value={priority}
          onChange={setPriority}
          options={PRIORITIES.map((value) => ({ value, label: m.priority[value] }))}
        />
        <Input.Search
          aria-label={m.home.filterText}
          placeholder={m.home.filterText}
          allowClear
          enterButton={m.search}
          onSearch={setQ}
          style={{ minWidth: 240 }}
        />
      </Space>
      <ErrorAlert error={cases.error} />
      <CaseList items={cases.data?.pages.flatMap((page) => page.items) ?? []} loading={cases.isLoading} />
      {cases.hasNextPage && (
        <Button onClick={() => void cases.fetchNextPage()} loading={cases.isFetchingNextPage}>
          {m.home.more}
        </Button>
      )}
    </Card>
  );
}
