import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import {
  downloadReportFile,
  FIGURE_KEYS,
  sectionsOf,
  type NarrativeSection,
  type Report,
  type ReportVersion,
} from '../../api/reports';
import { TAG_COLOURS } from '../../components/CaseTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { showFieldErrors } from '../../components/form-errors';
import { formatDate, formatDateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { PunctualityTag, reportTitle } from './ReportsPage';

type Narrative = Partial<Record<NarrativeSection, string>>;

function VersionDownloads({ report, version }: { report: Report; version: ReportVersion }) {
  const { m } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'docx' | 'csv' | null>(null);
  const download = (format: 'docx' | 'csv') => {
    setBusy(format);
    setError(null);
    downloadReportFile(report.id, version.version, format)
      .catch(setError)
      .finally(() => setBusy(null));
  };
  return (
    <Space wrap>
      <Button
        data-download="docx"
        data-version={version.version}
        loading={busy === 'docx'}
        onClick={() => download('docx')}
      >
        {m.reports.downloadDocx}
      </Button>
      <Button
        data-download="csv"
        data-version={version.version}
        loading={busy === 'csv'}
        onClick={() => download('csv')}
      >
        {m.reports.downloadCsv}
      </Button>
      <ErrorAlert error={error} />
    </Space>
  );
}

/** One report: the figures of its window, the narrative the official writes, submission, versions and downloads. */
export default function ReportPage() {
  const { id = '' } = useParams();
  const { m, fill } = useI18n();
  const r = m.reports;
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Narrative & { correctionReason?: string }>();
  const [placed, setPlaced] = useState<string[]>([]);
  const report = useQuery({
    queryKey: ['reports', 'one', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/reports/{reportId}', { params: { path: { reportId: id } } })) as unknown as Report,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['reports'] });
  const fieldNames = [...sectionsOf(report.data?.kind ?? 'weekly'), 'correctionReason'];
  const onError = (error: unknown) => setPlaced(showFieldErrors(form, error, fieldNames));
  const narrativeOf = (values: Narrative): Narrative =>
    Object.fromEntries(sectionsOf(report.data?.kind ?? 'weekly').map((section) => [section, values[section] ?? '']));
  const save = useMutation({
    mutationFn: async (narrative: Narrative) =>
      unwrap(
        await api.PUT('/api/reports/{reportId}/narrative', { params: { path: { reportId: id } }, body: narrative }),
      ),
    onSuccess: () => {
      void message.success(r.saved);
      refresh();
    },
    onError,
  });
  const submit = useMutation({
    mutationFn: async ({
      narrative,
      correctionReason,
    }: {
      narrative: Narrative;
      correctionReason?: string;
    }): Promise<Report> => {
      unwrap(
        await api.PUT('/api/reports/{reportId}/narrative', { params: { path: { reportId: id } }, body: narrative }),
      );
      return unwrap(
        await api.POST('/api/reports/{reportId}/submit', {
          params: { path: { reportId: id }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: correctionReason ? { correctionReason } : {},
        }),
      );
    },
    onSuccess: (submitted) => {
      const latest = submitted?.versions?.[submitted.versions.length - 1];
      void message.success(fill(r.submitted, { number: latest?.documentNumber ?? '' }));
      form.setFieldValue('correctionReason', undefined);
      refresh();
    },
    onError,
  });

  if (report.isLoading) return <Spin />;
  if (report.error || !report.data) return <ErrorAlert error={report.error} />;
  const item = report.data;
  const sections = sectionsOf(item.kind);
  const latest = item.versions[item.versions.length - 1];
  const needsReason = !!latest && latest.reviewOutcome !== 'returned';
  const ready = item.figures !== null;
  const figures = item.figures?.figures ?? {};

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/reports">← {r.title}</Link>
      <div>
        <Typography.Title level={1} style={{ fontSize: 22, marginBottom: 4 }}>
          {reportTitle(m, item)}
        </Typography.Title>
        <Space wrap>
          <PunctualityTag value={item.punctuality} />
          <Typography.Text>
            {item.decisionNumber} · {item.provinceName}
          </Typography.Text>
        </Space>
      </div>
      <Card>
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={r.window}>
            {formatDateTime(item.windowStart)} – {formatDateTime(item.windowEnd)}
          </Descriptions.Item>
          <Descriptions.Item label={r.draftReady}>{formatDateTime(item.draftReadyAt)}</Descriptions.Item>
          <Descriptions.Item label={r.due}>{formatDateTime(item.dueAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      {!ready && <Alert type="info" showIcon title={fill(r.notReady, { at: formatDateTime(item.draftReadyAt) })} />}
      {ready && (
        <Card title={<h2 className="card-heading">{r.figures}</h2>}>
          <Table
            data-testid="report-figures"
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={FIGURE_KEYS.filter((key) => typeof figures[key] === 'number').map((key) => ({
              key,
              label: r.figure[key],
              value: figures[key],
            }))}
            columns={[
              { title: r.figures, dataIndex: 'label' },
              { title: '', dataIndex: 'value', align: 'right', width: 120 },
            ]}
          />
        </Card>
      )}
      <Card title={<h2 className="card-heading">{r.narrative}</h2>}>
        <Form
          form={form}
          layout="vertical"
          initialValues={item.narrative}
          disabled={!ready}
          onFinish={(values) => {
            const narrative = narrativeOf(values);
            modal.confirm({
              title: needsReason ? r.resubmit : r.submit,
              content: r.confirmSubmit,
              okText: m.confirm,
              cancelText: m.cancel,
              onOk: () => submit.mutate({ narrative, correctionReason: values.correctionReason }),
            });
          }}
        >
          {sections.map((section) => (
            <Form.Item key={section} name={section} label={r.section[section]}>
              <Input.TextArea rows={section === 'general' || section === 'results' ? 5 : 3} maxLength={20000} />
            </Form.Item>
          ))}
          {needsReason && (
            <Form.Item
              name="correctionReason"
              label={r.correctionReason}
              extra={r.correctionHint}
              rules={[{ required: true, message: m.required }]}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          )}
          {save.error || submit.error ? (
            <div style={{ marginBottom: 12 }}>
              <ErrorAlert error={submit.error ?? save.error} fieldsShownElsewhere={placed} />
            </div>
          ) : null}
          <Space wrap>
            <Button loading={save.isPending} onClick={() => save.mutate(narrativeOf(form.getFieldsValue()))}>
              {r.saveDraft}
            </Button>
            <Button type="primary" htmlType="submit" loading={submit.isPending}>
              {needsReason ? r.resubmit : r.submit}
            </Button>
          </Space>
        </Form>
      </Card>
      <Card title={<h2 className="card-heading">{r.versions}</h2>}>
        <Table
          data-testid="report-versions"
          rowKey="version"
          size="small"
          pagination={false}
          dataSource={[...item.versions].reverse()}
          locale={{ emptyText: m.none }}
          scroll={{ x: 720 }}
          columns={[
            { title: r.documentNumber, render: (_, version) => `Số: ${version.documentNumber}` },
            { title: r.submittedAt, render: (_, version) => formatDateTime(version.submittedAt) },
            {
              title: r.review,
              render: (_, version) => (
                <>
                  <Tag
                    color={
                      version.reviewOutcome === 'returned'
                        ? TAG_COLOURS.orange
                        : version.reviewOutcome
                          ? TAG_COLOURS.green
                          : 'default'
                    }
                  >
                    {r.reviewValue[version.reviewOutcome ?? 'pending']}
                  </Tag>
                  {version.reviewComment && <div>{version.reviewComment}</div>}
                  {version.correctionReason && (
                    <div>
                      <Typography.Text type="secondary">
                        {r.correctionReason}: {version.correctionReason}
                      </Typography.Text>
                    </div>
                  )}
                  {version.reviewedAt && <div>{formatDate(version.reviewedAt)}</div>}
                </>
              ),
            },
            { title: '', render: (_, version) => <VersionDownloads report={item} version={version} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
