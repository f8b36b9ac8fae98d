import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Modal, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { SupportRequest } from '../../api/reports';
import { useSession } from '../../auth/session';
import { TAG_COLOURS } from '../../components/CaseTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { showFieldErrors } from '../../components/form-errors';
import { useProvinces } from '../../components/reference';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n/i18n';

type Step = 'acknowledge' | 'forward' | 'answer';

function StepDialog({ request, step, onClose }: { request: SupportRequest; step: Step; onClose: () => void }) {
  const { m } = useI18n();
  const s = m.reports.support;
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note?: string; answer?: string }>();
  const [placed, setPlaced] = useState<string[]>([]);
  const advance = useMutation({
    mutationFn: async (values: { note?: string; answer?: string }) => {
      const params = { path: { id: request.id } };
      if (step === 'acknowledge') return unwrap(await api.POST('/api/support-requests/{id}/acknowledge', { params }));
      if (step === 'forward')
        return unwrap(
          await api.POST('/api/support-requests/{id}/forward', {
            params,
            body: values.note?.trim() ? { note: values.note } : {},
          }),
        );
      return unwrap(
        await api.POST('/api/support-requests/{id}/answer', { params, body: { answer: values.answer ?? '' } }),
      );
    },
    onSuccess: () => {
      void message.success(s.done);
      void queryClient.invalidateQueries({ queryKey: ['support-requests'] });
      onClose();
    },
    onError: (error) => setPlaced(showFieldErrors(form, error, ['note', 'answer'])),
  });
  const title = step === 'acknowledge' ? s.acknowledge : step === 'forward' ? s.forward : s.recordAnswer;
  return (
    <Modal
      open
      title={title}
      okText={title}
      cancelText={m.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={advance.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph strong>{request.title}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          step === 'answer'
            ? void modal.confirm({
                title,
                content: s.answerConfirm,
                okText: m.confirm,
                cancelText: m.cancel,
                onOk: () => advance.mutate(values),
              })
            : advance.mutate(values)
        }
      >
        {step === 'forward' && (
          <Form.Item name="note" label={s.forwardNote}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        )}
        {step === 'answer' && (
          <Form.Item name="answer" label={s.answer} rules={[{ required: true, message: m.required }]}>
            <Input.TextArea rows={5} maxLength={8000} />
          </Form.Item>
        )}
        {advance.error && <ErrorAlert error={advance.error} fieldsShownElsewhere={placed} />}
      </Form>
    </Modal>
  );
}

/** Every official's support requests, for personnel to take through acknowledge → forward → answer. */
export default function SupportRequestsPage() {
  const { m } = useI18n();
  const s = m.reports.support;
  const { hasRole } = useSession();
  const provinces = useProvinces();
  const [openOnly, setOpenOnly] = useState(true);
  const [dialog, setDialog] = useState<{ request: SupportRequest; step: Step } | null>(null);
  const list = useQuery({
    queryKey: ['support-requests', 'all'],
    queryFn: async () => unwrap(await api.GET('/api/support-requests')) as unknown as SupportRequest[],
  });
  const personnel = hasRole('personnel');
  const provinceName = (code: string) => provinces.data?.find((province) => province.code === code)?.name ?? code;
  const items = (list.data ?? []).filter((item) => !openOnly || item.status !== 'answered').reverse();

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {s.reviewTitle}
        </Typography.Title>
        <Typography.Text type="secondary">{s.reviewHint}</Typography.Text>
      </div>
      <Space>
        <Switch id="support-open-only" checked={openOnly} onChange={setOpenOnly} />
        <label htmlFor="support-open-only">{s.filterOpen}</label>
      </Space>
      <Card>
        <ErrorAlert error={list.error} />
        <List
          data-testid="support-review"
          loading={list.isLoading}
          dataSource={items}
          locale={{ emptyText: <Typography.Text type="secondary">{s.empty}</Typography.Text> }}
          renderItem={(item) => (
            <List.Item
              key={item.id}
              data-support-id={item.id}
              actions={
                personnel
                  ? [
                      item.status === 'submitted' && (
                        <Button
                          key="ack"
                          size="small"
                          onClick={() => setDialog({ request: item, step: 'acknowledge' })}
                        >
                          {s.acknowledge}
                        </Button>
                      ),
                      item.status === 'acknowledged' && (
                        <Button key="fwd" size="small" onClick={() => setDialog({ request: item, step: 'forward' })}>
                          {s.forward}
                        </Button>
                      ),
                      (item.status === 'acknowledged' || item.status === 'forwarded') && (
                        <Button
                          key="ans"
                          size="small"
                          type="primary"
                          onClick={() => setDialog({ request: item, step: 'answer' })}
                        >
                          {s.recordAnswer}
                        </Button>
                      ),
                    ].filter(Boolean)
                  : []
              }
            >
              <div style={{ width: '100%' }}>
                <Space wrap>
                  <Typography.Text strong>{item.title}</Typography.Text>
                  <Tag color={item.status === 'answered' ? TAG_COLOURS.green : TAG_COLOURS.blue}>
                    {s.statusValue[item.status] ?? item.status}
                  </Tag>
                </Space>
                <div>
                  <Typography.Text type="secondary">
                    {s.official}: {item.official.displayName} · {provinceName(item.provinceCode)} · {s.createdAt}:{' '}
                    {formatDate(item.createdAt)}
                  </Typography.Text>
                </div>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>
                  {item.body}
                </Typography.Paragraph>
                {item.forwardNote && (
                  <Typography.Paragraph style={{ margin: 0 }}>
                    {s.forwardNote}: {item.forwardNote}
                  </Typography.Paragraph>
                )}
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
      {dialog && <StepDialog request={dialog.request} step={dialog.step} onClose={() => setDialog(null)} />}
    </Space>
  );
}
