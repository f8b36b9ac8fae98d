import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { Punctuality, Report, SupportRequest } from '../../api/reports';
import { useSession } from '../../auth/session';
import { TAG_COLOURS } from '../../components/CaseTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { showFieldErrors } from '../../components/form-errors';
import { formatDate, formatDateTime, formatIsoDay } from '../../format';
import { useI18n } from '../../i18n/i18n';
import type { Messages } from '../../i18n/messages';

const PUNCTUALITY_COLOUR: Record<Punctuality, string> = {
  not_due: 'default',
  open: TAG_COLOURS.gold,
  on_time: TAG_COLOURS.green,
  late: TAG_COLOURS.orange,
  missing: TAG_COLOURS.red,
};

export function reportTitle(m: Messages, report: Pick<Report, 'kind' | 'cycleIndex'>): string {
  return report.kind === 'final'
    ? m.reports.kind.final
    : m.reports.kind.weekly.replace('{n}', String(report.cycleIndex));
}

export function PunctualityTag({ value }: { value: Punctuality }) {
  const { m } = useI18n();
  return <Tag color={PUNCTUALITY_COLOUR[value]}>{m.reports.punctualityValue[value] ?? value}</Tag>;
}

function SupportRequests({ deploymentId }: { deploymentId: string }) {
  const { m } = useI18n();
  const s = m.reports.support;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ title: string; body: string }>();
  const [placed, setPlaced] = useState<string[]>([]);
  const list = useQuery({
    queryKey: ['support-requests', deploymentId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/support-requests', { params: { query: { deploymentId } } }),
      ) as unknown as SupportRequest[],
  });
  const create = useMutation({
    mutationFn: async (values: { title: string; body: string }) =>
      unwrap(
        await api.POST('/api/deployments/{deploymentId}/support-requests', {
          params: { path: { deploymentId }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: values,
        }),
      ),
    onSuccess: () => {
      void message.success(s.sent);
      form.resetFields();
      setPlaced([]);
      void queryClient.invalidateQueries({ queryKey: ['support-requests'] });
    },
    onError: (error) => setPlaced(showFieldErrors(form, error, ['title', 'body'])),
  });
  return (
    <Card title={<h2 className="card-heading">{s.title}</h2>} data-testid="support-requests">
      <Typography.Paragraph type="secondary">{s.hint}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => create.mutate(values)}>
        <Form.Item name="title" label={s.titleLabel} rules={[{ required: true, message: m.required }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="body" label={s.body} rules={[{ required: true, message: m.required }]}>
          <Input.TextArea rows={4} maxLength={8000} />
        </Form.Item>
        {create.error && <ErrorAlert error={create.error} fieldsShownElsewhere={placed} />}
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {s.send}
        </Button>
      </Form>
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        {s.list}
      </Typography.Title>
      <ErrorAlert error={list.error} />
      <List
        loading={list.isLoading}
        dataSource={list.data ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{s.empty}</Typography.Text> }}
        renderItem={(item) => (
          <List.Item key={item.id} data-support-id={item.id}>
            <div style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text strong>{item.title}</Typography.Text>
                <Tag color={item.status === 'answered' ? TAG_COLOURS.green : TAG_COLOURS.blue}>
                  {s.statusValue[item.status] ?? item.status}
                </Tag>
                <Typography.Text type="secondary">
                  {s.createdAt}: {formatDate(item.createdAt)}
                </Typography.Text>
              </Space>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>
                {item.body}
              </Typography.Paragraph>
              {item.answer && (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  <Typography.Text strong>{s.answer}: </Typography.Text>
                  {item.answer}
                </Typography.Paragraph>
              )}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The official's reports: every weekly report and the final one of a deployment, and support requests. */
export default function ReportsPage() {
  const { m } = useI18n();
  const r = m.reports;
  const { me } = useSession();
  const deployments = me?.deployments ?? [];
  const [chosen, setChosen] = useState<string | undefined>(deployments[0]?.id);
  const deploymentId = chosen ?? deployments[0]?.id;
  const reports = useQuery({
    queryKey: ['reports', 'deployment', deploymentId],
    enabled: !!deploymentId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/deployments/{deploymentId}/reports', { params: { path: { deploymentId: deploymentId } } }),
      ) as unknown as Report[],
  });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {r.title}
        </Typography.Title>
        <Typography.Text type="secondary">{r.hint}</Typography.Text>
      </div>
      {deployments.length === 0 && <Alert type="info" showIcon title={r.noDeployment} />}
      {deployments.length > 1 && (
        <Space>
          <label htmlFor="report-deployment">{r.deployment}</label>
          <Select
            id="report-deployment"
            value={deploymentId}
            onChange={setChosen}
            style={{ minWidth: 280 }}
            options={deployments.map((deployment) => ({
              value: deployment.id,
              label: `${deployment.decisionNumber} · ${deployment.provinceName} (${formatIsoDay(deployment.periodStart)} – ${formatIsoDay(deployment.periodEnd)})`,
            }))}
          />
        </Space>
      )}
      {deploymentId && (
        <Card title={<h2 className="card-heading">{r.list}</h2>}>
          <ErrorAlert error={reports.error} />
          <Table
            data-testid="reports-table"
            rowKey="id"
            size="small"
            loading={reports.isLoading}
            dataSource={(reports.data ?? []).filter((report) => !report.cancelled)}
            locale={{ emptyText: <Typography.Text type="secondary">{r.empty}</Typography.Text> }}
            pagination={false}
            scroll={{ x: 640 }}
            columns={[
              {
                title: r.list,
                render: (_, report) => <Link to={`/reports/${report.id}`}>{reportTitle(m, report)}</Link>,
              },
              {
                title: r.window,
                render: (_, report) =>
                  `${formatDate(report.windowStart)} – ${formatDate(new Date(Date.parse(report.windowEnd) - 1))}`,
              },
              { title: r.due, render: (_, report) => formatDateTime(report.dueAt) },
              {
                title: r.punctuality,
                render: (_, report) => <PunctualityTag value={report.punctuality} />,
              },
              {
                title: r.documentNumber,
                render: (_, report) => report.versions[report.versions.length - 1]?.documentNumber ?? '',
              },
            ]}
          />
        </Card>
      )}
      {deploymentId && <SupportRequests deploymentId={deploymentId} />}
    </Space>
  );
}
