import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Row, Space, Spin, Timeline, Typography } from 'antd';
import { useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import type { components } from '../api/generated/schema';
import { ActionPanel } from '../components/ActionPanel';
import { PriorityTag, StatusTag } from '../components/CaseTags';
import { DeadlineTag } from '../components/DeadlineTag';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFields } from '../components/reference';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n/i18n';
import type { Messages } from '../i18n/messages';

type CaseEvent = components['schemas']['CaseEventView'];

/** Payload fields a person reads on the timeline (today's names; unknown ones are left out). */
const READABLE_PAYLOAD: Array<keyof Messages['actionField']> = [
  'question',
  'information',
  'text',
  'legalBasis',
  'note',
  'outcome',
  'proposal',
  'reason',
];

function EventDetails({ event }: { event: CaseEvent }) {
  const { m } = useI18n();
  // Every payload shape is typed by event type; the timeline shows whichever readable fields this one has.
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const lines = READABLE_PAYLOAD.filter((key) => typeof payload[key] === 'string' && payload[key] !== '').map((key) => (
    <div key={key}>
      <Typography.Text strong>{m.actionField[key]}: </Typography.Text>
      <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{String(payload[key])}</Typography.Text>
    </div>
  ));
  const decision = payload.decision;
  if (typeof decision === 'string' && decision in m.decision) {
    lines.push(
      <div key="decision">
        <Typography.Text strong>{m.actionField.decision}: </Typography.Text>
        {m.decision[decision as keyof Messages['decision']]}
      </div>,
    );
  }
  return <>{lines}</>;
}

export default function CasePage() {
  const { id = '' } = useParams();
  const { m, language } = useI18n();
  const fields = useFields();
  const caseQuery = useQuery({
    queryKey: ['case', id],
    queryFn: async () => unwrap(await api.GET('/api/cases/{id}', { params: { path: { id } } })),
  });
  const events = useQuery({
    queryKey: ['case', id, 'events'],
    queryFn: async () => unwrap(await api.GET('/api/cases/{id}/events', { params: { path: { id } } })),
  });
  const communeCode = caseQuery.data?.communeCode;
  const commune = useQuery({
    queryKey: ['communes', 'code', communeCode],
    enabled: !!communeCode,
    staleTime: Infinity,
    queryFn: async () => {
      const hits = unwrap(
        await api.GET('/api/reference/communes', { params: { query: { q: communeCode!, limit: 5 } } }),
      );
      return hits.find((hit) => hit.code === communeCode) ?? null;
    },
  });
  if (caseQuery.isLoading) return <Spin />;
  if (caseQuery.error || !caseQuery.data) return <ErrorAlert error={caseQuery.error ?? new Error(m.case.notFound)} />;
  const item = caseQuery.data;
  // Fields documented only as `nullable` come out of the generator as `{} | null`; they are strings or numbers.
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const remainingMs = typeof item.deadlineRemainingMs === 'number' ? item.deadlineRemainingMs : null;
  const unitCode = text(item.assignedUnitCode);
  const answerDeadline = text(item.answerDeadline);
  const closedAt = text(item.closedAt);
  const field = fields.data?.find((candidate) => candidate.code === item.field);
  const paused = item.status === 'awaiting_info' && remainingMs !== null;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 22, marginBottom: 4 }}>
          {item.title}
        </Typography.Title>
        <Space wrap>
          <StatusTag status={item.status} />
          <PriorityTag priority={item.priority} />
          {paused && <DeadlineTag workingTimeLeftMs={remainingMs} paused />}
        </Space>
      </div>
      <Card title={<h2 className="card-heading">{m.case.actions}</h2>}>
        <ActionPanel caseId={item.id} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={<h2 className="card-heading">{m.case.details}</h2>}>
            <Descriptions column={1} size="small" data-testid="case-details">
              <Descriptions.Item label={m.case.status}>{m.status[item.status]}</Descriptions.Item>
              <Descriptions.Item label={m.case.field}>
                {field ? (language === 'vi' ? field.nameVi : field.nameEn) : item.field}
              </Descriptions.Item>
              <Descriptions.Item label={m.case.commune}>
                {commune.data
                  ? `${commune.data.name}, ${commune.data.provinceName} (${item.communeCode})`
                  : item.communeCode}
              </Descriptions.Item>
              {item.escalationLevel && (
                <Descriptions.Item label={m.case.level}>{m.level[item.escalationLevel]}</Descriptions.Item>
              )}
              {unitCode && <Descriptions.Item label={m.case.unit}>{unitCode}</Descriptions.Item>}
              {answerDeadline && (
                <Descriptions.Item label={m.case.deadline}>{formatDateTime(answerDeadline)}</Descriptions.Item>
              )}
              <Descriptions.Item label={m.case.raisedAt}>{formatDateTime(item.raisedAt)}</Descriptions.Item>
              {closedAt && <Descriptions.Item label={m.case.closedAt}>{formatDateTime(closedAt)}</Descriptions.Item>}
              {item.breachCount > 0 && (
                <Descriptions.Item label={m.case.breaches}>{item.breachCount}</Descriptions.Item>
              )}
            </Descriptions>
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              {m.case.description}
            </Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{item.description}</Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={<h2 className="card-heading">{m.case.timeline}</h2>}>
            <ErrorAlert error={events.error} />
            <Timeline
              data-testid="case-timeline"
              items={(events.data ?? []).map((event) => ({
                key: event.sequence,
                color:
                  event.type === 'deadline_breached' ? 'red' : event.type === 'escalation_answered' ? 'green' : 'blue',
                content: (
                  <div data-event-type={event.type}>
                    <Typography.Text strong>
                      {m.event[event.type as keyof Messages['event']] ?? event.type}
                    </Typography.Text>
                    <div>
                      <Typography.Text type="secondary">
                        {formatDateTime(event.occurredAt)} · {m.case.by}{' '}
                        {event.actorRoles.map((role) => m.role[role as keyof Messages['role']] ?? role).join(', ') ||
                          'system'}
                        {typeof event.deadlineAt === 'string'
                          ? ` · ${m.case.deadlineInForce} ${formatDateTime(event.deadlineAt)}`
                          : ''}
                      </Typography.Text>
                    </div>
                    <EventDetails event={event} />
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
