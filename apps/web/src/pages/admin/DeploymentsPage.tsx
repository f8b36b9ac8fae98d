import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiFailure } from '../../api/api-failure';
import { api, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatIsoDay } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { DeploymentActions } from './DeploymentActions';

export default function DeploymentsPage() {
  const { m, fill } = useI18n();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState('');
  const deployments = useQuery({
    queryKey: ['deployments'],
    queryFn: async () => unwrap(await api.GET('/api/deployments')),
  });
  const importCsv = useMutation({
    mutationFn: async (text: string) => unwrap(await api.POST('/api/deployments/import', { body: { csv: text } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['deployments'] }),
  });
  const failure = importCsv.error instanceof ApiFailure ? importCsv.error : null;
  const lineErrors = failure?.fieldErrors ?? [];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {m.deployments.title}
      </Typography.Title>
      <Card title={<h2 className="card-heading">{m.deployments.importTitle}</h2>}>
        <Typography.Paragraph type="secondary">{m.deployments.importHint}</Typography.Paragraph>
        <Form layout="vertical" onFinish={() => importCsv.mutate(csv)}>
          <Form.Item
            label={m.deployments.csv}
            htmlFor="deployments-csv"
            validateStatus={lineErrors.length > 0 ? 'error' : undefined}
            help={
              lineErrors.length > 0 ? (
                <div role="alert" data-testid="csv-line-errors">
                  <strong>{m.deployments.lineErrors}:</strong>
                  <ul style={{ margin: 0, paddingLeft: 20 }}>
                    {lineErrors.map((error, index) => (
                      <li key={index}>{error.message}</li>
                    ))}
                  </ul>
                </div>
              ) : undefined
            }
          >
            <Input.TextArea
              id="deployments-csv"
              rows={8}
              value={csv}
              onChange={(event) => setCsv(event.target.value)}
              style={{ fontFamily: 'monospace' }}
            />
          </Form.Item>
          <Space wrap>
            <input
              type="file"
              accept=".csv,text/csv"
              aria-label={m.deployments.chooseFile}
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void file.text().then(setCsv);
              }}
            />
            <Button type="primary" htmlType="submit" loading={importCsv.isPending} disabled={!csv.trim()}>
              {m.deployments.import}
            </Button>
          </Space>
        </Form>
        <div style={{ marginTop: 12 }}>
          {importCsv.data && (
            <Alert
              type="success"
              showIcon
              title={fill(m.deployments.imported, {
                rows: importCsv.data.rows,
                created: importCsv.data.created,
                updated: importCsv.data.updated,
                unchanged: importCsv.data.unchanged,
              })}
            />
          )}
          {failure && lineErrors.length === 0 && <ErrorAlert error={failure} />}
          {failure && lineErrors.length > 0 && <Alert type="error" showIcon title={failure.message} />}
          {importCsv.error && !failure && <ErrorAlert error={importCsv.error} />}
        </div>
      </Card>
      <Card title={<h2 className="card-heading">{m.deployments.list}</h2>}>
        <ErrorAlert error={deployments.error} />
        <Table
          rowKey="id"
          size="small"
          loading={deployments.isLoading}
          dataSource={deployments.data ?? []}
          scroll={{ x: 720 }}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: m.deployments.decision, dataIndex: 'decisionNumber' },
            {
              title: m.deployments.official,
              render: (_, row) => `${row.displayName} (${row.username})`,
            },
            { title: m.deployments.province, dataIndex: 'provinceName' },
            { title: m.deployments.homeUnit, dataIndex: 'homeUnitCode' },
            {
              title: m.deployments.period,
              render: (_, row) => `${formatIsoDay(row.periodStart)} – ${formatIsoDay(row.periodEnd)}`,
            },
            {
              title: m.admin.userEdit.actions,
              render: (_, row) => (
                <DeploymentActions deploymentId={row.id} name={`${row.displayName} · ${row.provinceName}`} />
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
