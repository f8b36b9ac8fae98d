import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Space, Typography } from 'antd';
import { myWorkQuery } from '../api/my-work-query';
import { CaseList } from '../components/CaseList';
import { ErrorAlert } from '../components/ErrorAlert';
import { useI18n } from '../i18n/i18n';

/** Unit heads, the Working Group and leadership: what waits for their answer, soonest deadline first (API order). */
export default function InboxPage() {
  const { m } = useI18n();
  const work = useQuery({
    ...myWorkQuery,
    refetchInterval: 30_000,
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {m.inbox.title} <Badge count={work.data?.totals.toAnswer ?? 0} showZero color="#a61d24" />
      </Typography.Title>
      <Typography.Text type="secondary">{m.inbox.hint}</Typography.Text>
      <ErrorAlert error={work.error} />
      <Card>
        <CaseList items={work.data?.toAnswer ?? []} loading={work.isLoading} testId="inbox" />
      </Card>
    </Space>
  );
}
