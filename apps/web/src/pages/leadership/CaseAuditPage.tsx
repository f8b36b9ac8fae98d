import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { PriorityTag, StatusTag, TAG_COLOURS } from '../../components/CaseTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime, workingDuration } from '../../format';
import { ScrollRegion } from './ScrollRegion';
import { useLeadershipI18n } from '../../i18n/messages-leadership';

interface Stint {
  stintNo: number;
  level: string;
  unitCode: string | null;
  startedVia: string;
  startedAt: string;
  endedAt: string | null;
  deadlineAt: string | null;
  workingMs: number | null;
  heldWorkingMs: number | null;
  infoWaitWorkingMs: number;
  breachedAt: string | null;
  answeredAt: string | null;
  answeredOnTime: boolean | null;
}

interface CaseAudit {
  caseId: string;
  title: string;
  status: string;
  priority: string;
  raisedAt: string;
  firstAnswerAt: string | null;
  firstAnswerWorkingMs: number | null;
  resolvedAt: string | null;
  resolutionWorkingMs: number | null;
  breachCount: number;
  autoEscalationCount: number;
  stints: Stint[];
}

/** One case's audit (`/api/audit/cases/:id`): every stint at a level with its working time, deadline and verdict. */
export default function CaseAuditPage() {
  const { m, l } = useLeadershipI18n();
  const { id } = useParams() as { id: string };
  const audit = useQuery({
    queryKey: ['audit', 'case', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/audit/cases/{id}', { params: { path: { id } } })) as unknown as CaseAudit,
  });
  const duration = (ms: number | null | undefined) =>
    ms === null || ms === undefined ? '' : workingDuration(ms, m.deadline);
  const data = audit.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{l.audit.title}</Typography.Text>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0, overflowWrap: 'anywhere' }}>
        {data?.title ?? ''}
      </Typography.Title>
      <ErrorAlert error={audit.error} />
      {data && (
        <>
          <Space wrap>
            <StatusTag status={data.status} />
            <PriorityTag priority={data.priority} />
            <Link to={`/cases/${data.caseId}`}>{l.drill.openCase}</Link>
          </Space>
          <Card
            title={
              <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                {l.audit.summary}
              </Typography.Title>
            }
          >
            <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="audit-summary">
              <Descriptions.Item label={m.case.raisedAt}>{formatDateTime(data.raisedAt)}</Descriptions.Item>
              <Descriptions.Item label={l.audit.firstAnswer}>
                {data.firstAnswerAt
                  ? `${formatDateTime(data.firstAnswerAt)} (${duration(data.firstAnswerWorkingMs)})`
                  : m.none}
              </Descriptions.Item>
              <Descriptions.Item label={l.audit.resolved}>
                {data.resolvedAt
                  ? `${formatDateTime(data.resolvedAt)} (${duration(data.resolutionWorkingMs)})`
                  : m.none}
              </Descriptions.Item>
              <Descriptions.Item label={l.audit.breachCount}>{data.breachCount}</Descriptions.Item>
              <Descriptions.Item label={l.audit.autoEscalationCount}>{data.autoEscalationCount}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card
            title={
              <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                {l.audit.stints}
              </Typography.Title>
            }
          >
            <ScrollRegion label={l.audit.stints}>
              <Table<Stint>
                data-testid="audit-stints"
                size="small"
                rowKey="stintNo"
                pagination={false}
                dataSource={data.stints}
                locale={{ emptyText: l.audit.noStints }}
                columns={[
                  {
                    title: l.dashboard.level,
                    key: 'level',
                    render: (_, stint) => (
                      <span data-level={stint.level}>
                        {m.level[stint.level as keyof typeof m.level] ?? stint.level}
                        {stint.startedVia === 'automatic' ? ` (${l.audit.automatic})` : ''}
                      </span>
                    ),
                  },
                  { title: l.audit.unit, key: 'unit', render: (_, stint) => stint.unitCode ?? '' },
                  { title: l.audit.startedAt, key: 'started', render: (_, stint) => formatDateTime(stint.startedAt) },
                  {
                    title: l.audit.endedAt,
                    key: 'ended',
                    render: (_, stint) => (stint.endedAt ? formatDateTime(stint.endedAt) : l.audit.running),
                  },
                  { title: l.audit.working, key: 'working', render: (_, stint) => duration(stint.workingMs) },
                  { title: l.audit.held, key: 'held', render: (_, stint) => duration(stint.heldWorkingMs) },
                  { title: l.audit.infoWait, key: 'wait', render: (_, stint) => duration(stint.infoWaitWorkingMs) },
                  { title: l.audit.deadline, key: 'deadline', render: (_, stint) => formatDateTime(stint.deadlineAt) },
                  {
                    title: l.audit.verdict,
                    key: 'verdict',
                    render: (_, stint) =>
                      stint.breachedAt || stint.answeredOnTime === false ? (
                        <Tag color={TAG_COLOURS.red}>{l.audit.late}</Tag>
                      ) : stint.answeredOnTime ? (
                        <Tag color={TAG_COLOURS.green}>{l.audit.onTime}</Tag>
                      ) : (
                        l.audit.noVerdict
                      ),
                  },
                ]}
              />
            </ScrollRegion>
          </Card>
        </>
      )}
    </Space>
  );
}
