import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Col, Input, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { myWorkQuery } from '../api/my-work-query';
import type { components } from '../api/generated/schema';
import { useSession } from '../auth/session';
import { CaseList } from '../components/CaseList';
import { ErrorAlert } from '../components/ErrorAlert';
import { useI18n } from '../i18n/i18n';

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

function CaseSearch() {
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

export default function HomePage() {
  const { m } = useI18n();
  const { me } = useSession();
  const work = useQuery({
    ...myWorkQuery,
    refetchInterval: 30_000,
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {m.home.title}
        </Typography.Title>
        {(me?.provinceCodes.length ?? 0) > 0 && (
          <Link to="/cases/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {m.nav.raise}
            </Button>
          </Link>
        )}
      </div>
      <ErrorAlert error={work.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            title={
              <h2 className="card-heading">
                {m.home.needsMe} <Badge count={work.data?.totals.needsMyInput ?? 0} showZero color="#a61d24" />
              </h2>
            }
          >
            <Typography.Paragraph type="secondary">{m.home.needsMeHint}</Typography.Paragraph>
            <CaseList items={work.data?.needsMyInput ?? []} loading={work.isLoading} testId="needs-my-input" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={
              <h2 className="card-heading">
                {m.home.myOpen} <Badge count={work.data?.totals.myOpenCases ?? 0} showZero color="#595959" />
              </h2>
            }
          >
            <CaseList items={work.data?.myOpenCases ?? []} loading={work.isLoading} testId="my-open-cases" />
          </Card>
        </Col>
      </Row>
      <CaseSearch />
    </Space>
  );
}
