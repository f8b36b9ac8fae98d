import { useQuery } from '@tanstack/react-query';
import { Card, List, Space, Tabs, Typography } from 'antd';
import { Link } from 'react-router';
import { PriorityTag, StatusTag } from '../../components/CaseTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFields, useProvinces } from '../../components/reference';
import { formatDate } from '../../format';
import { useLeadershipI18n } from '../../i18n/messages-leadership';
import { fetchDrillDown, fetchFigure, type DrillDownCase } from './audit-data';

const DECISIONS = ['accepted', 'rejected', 'needs_study'] as const;

/**
 * Policy proposals (the audit's `policy-proposals` figure and its drill-down): those awaiting the leadership's decision
 * first; deciding happens on the case page, where the API's allowed actions offer it (with a confirmation).
 */
export default function PolicyProposalsPage() {
  const { m, l, language } = useLeadershipI18n();
  const fields = useFields();
  const provinces = useProvinces();
  const counts = useQuery({
    queryKey: ['audit', 'figure', 'policy-proposals', {}],
    queryFn: () => fetchFigure('policy-proposals', {}),
  });
  const pending = useQuery({
    queryKey: ['audit', 'proposals', 'pending'],
    queryFn: () => fetchDrillDown('policy-proposals', 'pending', {}, undefined),
  });
  const decided = useQuery({
    queryKey: ['audit', 'proposals', 'decided'],
    queryFn: async () => {
      const pages = await Promise.all(DECISIONS.map((key) => fetchDrillDown('policy-proposals', key, {}, undefined)));
      return pages.flatMap((page, index) => page.items.map((item) => ({ ...item, decision: DECISIONS[index] })));
    },
  });
  const count = (key: string) => Number(counts.data?.rows.find((row) => row.key === key)?.cases ?? 0);
  const fieldName = (code: string) => {
    const found = fields.data?.find((field) => field.code === code);
    return found ? (language === 'vi' ? found.nameVi : found.nameEn) : code;
  };
  const provinceName = (code: string) => provinces.data?.find((province) => province.code === code)?.name ?? code;
  const list = (
    items: Array<DrillDownCase & { decision?: (typeof DECISIONS)[number] }>,
    loading: boolean,
    testId: string,
  ) => (
    <List
      data-testid={testId}
      loading={loading}
      dataSource={items}
      locale={{ emptyText: <Typography.Text>{l.proposals.empty}</Typography.Text> }}
      renderItem={(item) => (
        <List.Item
          data-case-id={item.caseId}
          actions={[
            <Link key="open" to={`/cases/${item.caseId}`} aria-label={`${l.proposals.decide}: ${item.title}`}>
              {item.decision ? l.drill.openCase : l.proposals.decide}
            </Link>,
          ]}
        >
          <div style={{ width: '100%', minWidth: 0 }}>
            <Link to={`/cases/${item.caseId}`} style={{ fontWeight: 600, fontSize: 16, overflowWrap: 'anywhere' }}>
              {item.title}
            </Link>
            <Space size={[4, 4]} wrap style={{ display: 'flex', marginTop: 6 }}>
              <StatusTag status={item.status} />
              <PriorityTag priority={item.priority} />
              {item.decision && <strong>{m.decision[item.decision]}</strong>}
            </Space>
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
              {fieldName(item.field)} · {provinceName(item.provinceCode)} · {l.drill.raisedAt.toLowerCase()}{' '}
              {formatDate(item.raisedAt)}
            </Typography.Text>
          </div>
        </List.Item>
      )}
    />
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {l.proposals.title}
      </Typography.Title>
      <Typography.Text type="secondary">{l.proposals.hint}</Typography.Text>
      <ErrorAlert error={pending.error ?? decided.error ?? counts.error} />
      <Card>
        <Tabs
          items={[
            {
              key: 'pending',
              label: `${l.proposals.pending} (${count('pending')})`,
              children: list(pending.data?.items ?? [], pending.isLoading, 'proposals-pending'),
            },
            {
              key: 'decided',
              label: `${l.proposals.decided} (${DECISIONS.reduce((sum, key) => sum + count(key), 0)})`,
              children: list(decided.data ?? [], decided.isLoading, 'proposals-decided'),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
