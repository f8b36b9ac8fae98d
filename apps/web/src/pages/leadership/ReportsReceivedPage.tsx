import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, authorizedFetch, unwrap } from '../../api/client';
import { TAG_COLOURS } from '../../components/CaseTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatDateTime, formatIsoDay } from '../../format';
import { useSession } from '../../auth/session';
import { ScrollRegion } from './ScrollRegion';
import { useLeadershipI18n } from '../../i18n/messages-leadership';

interface RollUpItem {
  deploymentId: string;
  official: { userId: string; username: string; displayName: string };
  provinceCode: string;
  provinceName: string;
  reportId: string | null;
  status: string | null;
  punctuality: string;
}

interface ReportVersion {
  version: number;
  documentNumber: string;
  submittedAt: string;
  correctionReason: string | null;
  reviewOutcome: 'acknowledged' | 'returned' | null;
  reviewComment: string | null;
  reviewedAt: string | null;
}

interface Report {
  id: string;
  kind: 'weekly' | 'final';
  cycleIndex: number;
  windowStart: string;
  windowEnd: string;
  dueAt: string;
  status: string;
  punctuality: string;
  versions: ReportVersion[];
  official: { displayName: string };
  provinceName: string;
  decisionNumber: string;
}

const PUNCTUALITY_COLOURS: Record<string, string | undefined> = {
  on_time: TAG_COLOURS.green,
  late: TAG_COLOURS.orange,
  missing: TAG_COLOURS.red,
  open: TAG_COLOURS.blue,
};

const WEEKS_MAX = 60;

/** Saves a version's .docx: fetched with the session's token (a plain link would carry none). */
async function downloadDocx(report: Report, version: ReportVersion): Promise<void> {
  const response = await authorizedFetch(
    new Request(`${window.location.origin}/api/reports/${report.id}/versions/${version.version}/document.docx`),
  );
  if (!response.ok) throw new Error(response.statusText);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `${version.documentNumber.replace(/[^\p{L}\p{N}-]+/gu, '_')}.docx`;
  link.click();
  URL.revokeObjectURL(url);
}

function ReportDrawer({ reportId, onClose }: { reportId: string | null; onClose: () => void }) {
  const { m, l, fill } = useLeadershipI18n();
  const { hasRole } = useSession();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [returning, setReturning] = useState<ReportVersion | null>(null);
  const [form] = Form.useForm<{ comment: string }>();
  const report = useQuery({
    queryKey: ['reports', 'one', reportId],
    enabled: reportId !== null,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/reports/{reportId}', { params: { path: { reportId: reportId! } } }),
      ) as unknown as Report,
  });
  const review = useMutation({
    mutationFn: async ({
      version,
      outcome,
      comment,
    }: {
      version: number;
      outcome: 'acknowledge' | 'return';
      comment?: string;
    }) => {
      const params = { path: { reportId: reportId!, version } };
      if (outcome === 'acknowledge')
        unwrap(
          await api.POST('/api/reports/{reportId}/versions/{version}/acknowledge', {
            params,
            body: comment ? { comment } : {},
          }),
        );
      else
        unwrap(
          await api.POST('/api/reports/{reportId}/versions/{version}/return', { params, body: { comment: comment! } }),
        );
    },
    onSuccess: async () => {
      void message.success(l.reports.done);
      setReturning(null);
      await queryClient.invalidateQueries({ queryKey: ['reports'] });
    },
  });
  const personnel = hasRole('personnel');
  const data = report.data;
  return (
    <Drawer
      open={reportId !== null}
      onClose={onClose}
      width={Math.min(720, window.innerWidth)}
      title={data ? `${data.official.displayName} · ${data.provinceName}` : m.loading}
      closable={{ 'aria-label': m.close }}
    >
      <ErrorAlert error={report.error} />
      {data && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="report-detail">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={l.reports.decision}>{data.decisionNumber}</Descriptions.Item>
            <Descriptions.Item label={l.reports.week}>
              {data.kind === 'final' ? l.reports.final : fill(l.reports.weekN, { n: data.cycleIndex })}
            </Descriptions.Item>
            <Descriptions.Item label={l.reports.window}>
              {formatDate(data.windowStart)} – {formatDate(data.windowEnd)}
            </Descriptions.Item>
            <Descriptions.Item label={l.reports.dueAt}>{formatDateTime(data.dueAt)}</Descriptions.Item>
            <Descriptions.Item label={l.reports.status}>{l.reportStatus[data.status] ?? data.status}</Descriptions.Item>
            <Descriptions.Item label={l.reports.punctuality}>
              <Tag color={PUNCTUALITY_COLOURS[data.punctuality]}>
                {l.punctuality[data.punctuality] ?? data.punctuality}
              </Tag>
            </Descriptions.Item>
          </Descriptions>
          {!personnel && <Typography.Text type="secondary">{l.reports.personnelOnly}</Typography.Text>}
          <ErrorAlert error={review.error} />
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            {l.reports.versions}
          </Typography.Title>
          {data.versions.map((version) => (
            <Card key={version.version} size="small" data-version={version.version}>
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Typography.Text strong>
                  {version.version}. {version.documentNumber}
                </Typography.Text>
                <Typography.Text>
                  {l.reports.submittedAt}: {formatDateTime(version.submittedAt)}
                </Typography.Text>
                {version.correctionReason && (
                  <Typography.Text>
                    {l.reports.correction}: {version.correctionReason}
                  </Typography.Text>
                )}
                <span data-review={version.reviewOutcome ?? 'waiting'}>
                  {version.reviewOutcome === 'acknowledged' ? (
                    <Tag color={TAG_COLOURS.green}>{l.reports.acknowledged}</Tag>
                  ) : version.reviewOutcome === 'returned' ? (
                    <Tag color={TAG_COLOURS.orange}>{l.reports.returned}</Tag>
                  ) : (
                    <Tag>{l.reports.waiting}</Tag>
                  )}
                  {version.reviewComment && <Typography.Text> {version.reviewComment}</Typography.Text>}
                  {version.reviewedAt && (
                    <Typography.Text type="secondary"> · {formatDateTime(version.reviewedAt)}</Typography.Text>
                  )}
                </span>
                <Space wrap>
                  <Button
                    size="small"
                    onClick={() =>
                      void downloadDocx(data, version).catch((error: Error) => void message.error(error.message))
                    }
                  >
                    {l.reports.download}
                  </Button>
                  {personnel && version.reviewOutcome === null && (
                    <>
                      <Button
                        size="small"
                        type="primary"
                        loading={review.isPending}
                        onClick={() => {
                          void modal.confirm({
                            title: l.reports.acknowledge,
                            content: fill(l.reports.acknowledgeConfirm, {
                              version: version.version,
                              document: version.documentNumber,
                            }),
                            okText: m.confirm,
                            cancelText: m.cancel,
                            onOk: async () => {
                              await review.mutateAsync({ version: version.version, outcome: 'acknowledge' });
                            },
                          });
                        }}
                      >
                        {l.reports.acknowledge}
                      </Button>
                      <Button size="small" danger onClick={() => setReturning(version)}>
                        {l.reports.return}
                      </Button>
                    </>
                  )}
                </Space>
              </Space>
            </Card>
          ))}
        </Space>
      )}
      <Modal
        open={returning !== null}
        title={l.reports.return}
        okText={l.reports.return}
        cancelText={m.cancel}
        confirmLoading={review.isPending}
        onCancel={() => setReturning(null)}
        onOk={() =>
          void form
            .validateFields()
            .then(({ comment }) => review.mutateAsync({ version: returning!.version, outcome: 'return', comment }))
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="comment"
            label={l.reports.returnComment}
            rules={[{ required: true, whitespace: true, message: m.required }]}
          >
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}

/** Leadership and personnel: every deployment's report for a week (or the final one), opening each to review it. */
export default function ReportsReceivedPage() {
  const { l, fill } = useLeadershipI18n();
  const [decision, setDecision] = useState<string | undefined>();
  const [week, setWeek] = useState<string>('1');
  const [open, setOpen] = useState<string | null>(null);
  const decisions = useQuery({
    queryKey: ['dispatch-decisions'],
    queryFn: async () => unwrap(await api.GET('/api/dispatch-decisions')),
  });
  const chosen = decision ?? decisions.data?.[0]?.number;
  const rollUp = useQuery({
    queryKey: ['reports', 'roll-up', chosen, week],
    enabled: chosen !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/reports/roll-up', {
          params: { query: { decision: chosen!, ...(week === 'final' ? {} : { week: Number(week) }) } as never },
        }),
      ) as unknown as { deployments: RollUpItem[]; punctuality: Record<string, number> },
  });
  const current = decisions.data?.find((candidate) => candidate.number === chosen);
  const weeks = current
    ? Math.min(
        WEEKS_MAX,
        Math.max(
          1,
          Math.ceil((Date.parse(current.periodEnd) - Date.parse(current.periodStart) + 86_400_000) / (7 * 86_400_000)),
        ),
      )
    : 1;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {l.reports.title}
      </Typography.Title>
      <Typography.Text type="secondary">{l.reports.hint}</Typography.Text>
      <ErrorAlert error={decisions.error ?? rollUp.error} />
      <Form layout="inline" style={{ rowGap: 8 }}>
        <Form.Item label={l.reports.decision} htmlFor="reports-decision">
          <Select
            id="reports-decision"
            style={{ minWidth: 220 }}
            value={chosen}
            onChange={(value: string) => setDecision(value)}
            notFoundContent={l.reports.noDecisions}
            options={(decisions.data ?? []).map((candidate) => ({
              value: candidate.number,
              label: `${candidate.number} (${formatIsoDay(candidate.periodStart)} – ${formatIsoDay(candidate.periodEnd)})`,
            }))}
          />
        </Form.Item>
        <Form.Item label={l.reports.week} htmlFor="reports-week">
          <Select
            id="reports-week"
            style={{ minWidth: 180 }}
            value={week}
            onChange={(value: string) => setWeek(value)}
            options={[
              ...Array.from({ length: weeks }, (_, index) => ({
                value: String(index + 1),
                label: fill(l.reports.weekN, { n: index + 1 }),
              })),
              { value: 'final', label: l.reports.final },
            ]}
          />
        </Form.Item>
      </Form>
      {rollUp.data && (
        <Space wrap data-testid="reports-punctuality">
          {Object.entries(rollUp.data.punctuality).map(([state, count]) => (
            <Tag key={state} color={PUNCTUALITY_COLOURS[state]}>
              {l.punctuality[state] ?? state}: {count}
            </Tag>
          ))}
        </Space>
      )}
      <Card>
        <ScrollRegion label={l.reports.title}>
          <Table<RollUpItem>
            data-testid="reports-received"
            size="small"
            rowKey="deploymentId"
            loading={rollUp.isLoading}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            dataSource={rollUp.data?.deployments ?? []}
            columns={[
              { title: l.reports.official, key: 'official', render: (_, item) => item.official.displayName },
              { title: l.reports.province, key: 'province', render: (_, item) => item.provinceName },
              {
                title: l.reports.status,
                key: 'status',
                render: (_, item) => (item.status ? (l.reportStatus[item.status] ?? item.status) : l.reports.noReport),
              },
              {
                title: l.reports.punctuality,
                key: 'punctuality',
                render: (_, item) => (
                  <Tag color={PUNCTUALITY_COLOURS[item.punctuality]}>
                    {l.punctuality[item.punctuality] ?? item.punctuality}
                  </Tag>
                ),
              },
              {
                title: '',
                key: 'open',
                render: (_, item) =>
                  item.reportId ? (
                    <Button
                      size="small"
                      onClick={() => setOpen(item.reportId)}
                      aria-label={`${l.reports.open}: ${item.official.displayName}`}
                    >
                      {l.reports.open}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </ScrollRegion>
      </Card>
      <ReportDrawer reportId={open} onClose={() => setOpen(null)} />
    </Space>
  );
}
