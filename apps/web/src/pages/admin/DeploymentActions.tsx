import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Modal, Radio, Space, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { showFieldErrors } from '../../components/form-errors';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';

interface PeriodValues {
  kind: 'shorten' | 'extend' | 'end_early';
  periodEnd?: Dayjs;
  reason: string;
}

/** What `GET /api/deployments/:id/history` answers (reports.service.ts `history`; no response schema documented yet). */
interface DeploymentHistory {
  run: { state: string; startsAt: string; endsAt: string } | null;
  events: Array<{ id: number; type: string; occurredAt: string; payload: Record<string, unknown> }>;
}

/** A deployment row's admin buttons: shorten, extend or end the period early (confirmed), and its history. */
export function DeploymentActions({ deploymentId, name }: { deploymentId: string; name: string }) {
  const { m, fill } = useI18n();
  const p = m.admin.period;
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<'period' | 'history' | null>(null);
  const [form] = Form.useForm<PeriodValues>();
  const [placed, setPlaced] = useState<string[]>([]);
  const kind = Form.useWatch('kind', form);
  const history = useQuery({
    queryKey: ['deployments', deploymentId, 'history'],
    enabled: open === 'history',
    queryFn: async () =>
      unwrap(
        await api.GET('/api/deployments/{deploymentId}/history', { params: { path: { deploymentId } } }),
      ) as unknown as DeploymentHistory,
  });
  const change = useMutation({
    mutationFn: async (values: PeriodValues) =>
      unwrap(
        await api.POST('/api/deployments/{deploymentId}/period', {
          params: { path: { deploymentId }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: {
            kind: values.kind,
            reason: values.reason,
            ...(values.kind !== 'end_early' && values.periodEnd
              ? { periodEnd: values.periodEnd.format('YYYY-MM-DD') }
              : {}),
          },
        }),
      ),
    onSuccess: () => {
      void message.success(p.done);
      void queryClient.invalidateQueries({ queryKey: ['deployments'] });
      setOpen(null);
    },
    onError: (error) => setPlaced(showFieldErrors(form, error, ['kind', 'periodEnd', 'reason'])),
  });
  const eventLabel = (type: string) => p.event[type as keyof typeof p.event] ?? type;

  return (
    <Space size="small" wrap>
      <Button size="small" onClick={() => setOpen('period')} aria-label={`${p.change}: ${name}`}>
        {p.change}
      </Button>
      <Button size="small" onClick={() => setOpen('history')} aria-label={`${p.history}: ${name}`}>
        {p.history}
      </Button>
      {open === 'period' && (
        <Modal
          open
          title={fill(p.title, { name })}
          okText={m.save}
          cancelText={m.cancel}
          onCancel={() => setOpen(null)}
          onOk={() => form.submit()}
          confirmLoading={change.isPending}
          destroyOnHidden
        >
          <Form
            form={form}
            layout="vertical"
            initialValues={{ kind: 'extend' }}
            onFinish={(values) =>
              void modal.confirm({
                title: p.change,
                content: p.confirm,
                okText: m.confirm,
                cancelText: m.cancel,
                onOk: () => change.mutate(values),
              })
            }
          >
            <Form.Item name="kind" label={p.kind}>
              <Radio.Group>
                {(['shorten', 'extend', 'end_early'] as const).map((value) => (
                  <Radio key={value} value={value}>
                    {p.kindValue[value]}
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            {kind !== 'end_early' && (
              <Form.Item name="periodEnd" label={p.periodEnd} rules={[{ required: true, message: m.required }]}>
                <DatePicker format="DD/MM/YYYY" />
              </Form.Item>
            )}
            <Form.Item name="reason" label={p.reason} rules={[{ required: true, message: m.required }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            {change.error && <ErrorAlert error={change.error} fieldsShownElsewhere={placed} />}
          </Form>
        </Modal>
      )}
      {open === 'history' && (
        <Modal
          open
          title={fill(p.historyTitle, { name })}
          footer={null}
          onCancel={() => setOpen(null)}
          width={720}
          destroyOnHidden
        >
          <ErrorAlert error={history.error} />
          {history.data?.run && (
            <Typography.Paragraph>
              {fill(p.plan, {
                start: formatDateTime(history.data.run.startsAt),
                end: formatDateTime(history.data.run.endsAt),
              })}
            </Typography.Paragraph>
          )}
          <Timeline
            items={(history.data?.events ?? []).map((event) => ({
              key: event.id,
              content: (
                <div>
                  <Typography.Text strong>{eventLabel(event.type)}</Typography.Text>{' '}
                  <Typography.Text type="secondary">{formatDateTime(event.occurredAt)}</Typography.Text>
                  {typeof event.payload?.reason === 'string' && <div>{event.payload.reason}</div>}
                </div>
              ),
            }))}
          />
        </Modal>
      )}
    </Space>
  );
}
