import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiFailure, fieldErrorsByName } from '../../api/api-failure';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';
import { TAG_COLOURS } from '../../components/CaseTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFields } from '../../components/reference';
import { useI18n } from '../../i18n/i18n';
import type { Messages } from '../../i18n/messages';

type Policy = components['schemas']['SlaPolicyView'];

export default function SlaPoliciesPage() {
  const { m, language } = useI18n();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const fields = useFields();
  const [editing, setEditing] = useState<Policy | null>(null);
  const [form] = Form.useForm<{ allowanceHours: number }>();
  const [placed, setPlaced] = useState<string[]>([]);
  const policies = useQuery({
    queryKey: ['sla-policies'],
    queryFn: async () => unwrap(await api.GET('/api/sla/policies')),
  });
  const update = useMutation({
    mutationFn: async ({ id, allowanceSeconds }: { id: string; allowanceSeconds: number }) =>
      unwrap(await api.PATCH('/api/sla/policies/{id}', { params: { path: { id } }, body: { allowanceSeconds } })),
    onSuccess: () => {
      void message.success(m.sla.saved);
      setEditing(null);
      void queryClient.invalidateQueries({ queryKey: ['sla-policies'] });
    },
    onError: (error) => {
      // The form asks for hours; the API's allowanceSeconds errors belong under that input.
      const messages =
        error instanceof ApiFailure
          ? fieldErrorsByName(error, ['allowanceSeconds']).get('allowanceSeconds')
          : undefined;
      if (messages) form.setFields([{ name: 'allowanceHours', errors: messages }]);
      setPlaced(messages ? ['allowanceSeconds'] : []);
    },
  });
  const deactivate = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/sla/policies/{id}/deactivate', { params: { path: { id } } })),
    onSuccess: () => {
      void message.success(m.admin.sla.deactivated);
      void queryClient.invalidateQueries({ queryKey: ['sla-policies'] });
    },
  });
  const fieldName = (code: string | null) => {
    if (!code) return m.sla.allFields;
    const field = fields.data?.find((candidate) => candidate.code === code);
    return field ? (language === 'vi' ? field.nameVi : field.nameEn) : code;
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {m.sla.title}
      </Typography.Title>
      <Typography.Text type="secondary">{m.sla.hint}</Typography.Text>
      <Card>
        <ErrorAlert error={policies.error ?? deactivate.error} />
        <Table<Policy>
          rowKey="id"
          size="small"
          loading={policies.isLoading}
          dataSource={policies.data ?? []}
          scroll={{ x: 760 }}
          pagination={{ pageSize: 25 }}
          columns={[
            { title: m.sla.policySet, dataIndex: 'policySet' },
            { title: m.sla.field, dataIndex: 'field', render: (code: string | null) => fieldName(code) },
            {
              title: m.sla.priority,
              dataIndex: 'priority',
              render: (priority: string) => m.priority[priority as keyof Messages['priority']] ?? priority,
            },
            {
              title: m.sla.level,
              dataIndex: 'level',
              render: (level: string) => m.level[level as keyof Messages['level']] ?? level,
            },
            {
              title: m.sla.allowance,
              dataIndex: 'allowanceSeconds',
              render: (seconds: number) =>
                `${Math.round((seconds / 3600) * 10) / 10} ${language === 'vi' ? 'giờ' : 'h'}`,
            },
            {
              title: m.sla.reminders,
              dataIndex: 'reminderFractions',
              render: (fractions: number[]) => fractions.map((fraction) => `${Math.round(fraction * 100)}%`).join(', '),
            },
            {
              title: m.sla.active,
              dataIndex: 'active',
              render: (active: boolean) =>
                active ? <Tag color={TAG_COLOURS.green}>{m.sla.active}</Tag> : <Tag>—</Tag>,
            },
            {
              title: '',
              render: (_, policy) => (
                <Space size="small" wrap>
                  <Button
                    size="small"
                    onClick={() => {
                      form.setFieldsValue({ allowanceHours: policy.allowanceSeconds / 3600 });
                      setEditing(policy);
                    }}
                  >
                    {m.sla.edit}
                  </Button>
                  {policy.active && (
                    <Button
                      size="small"
                      danger
                      onClick={() =>
                        void modal.confirm({
                          title: m.admin.sla.deactivate,
                          content: m.admin.sla.deactivateConfirm,
                          okText: m.confirm,
                          cancelText: m.cancel,
                          okButtonProps: { danger: true },
                          onOk: () => deactivate.mutateAsync(policy.id),
                        })
                      }
                    >
                      {m.admin.sla.deactivate}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={m.sla.edit}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={m.save}
        cancelText={m.cancel}
        confirmLoading={update.isPending}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={({ allowanceHours }) =>
            editing && update.mutate({ id: editing.id, allowanceSeconds: Math.round(allowanceHours * 3600) })
          }
        >
          <Form.Item
            name="allowanceHours"
            label={m.sla.allowanceHours}
            rules={[{ required: true, message: m.required }]}
          >
            <InputNumber min={0.1} step={1} style={{ width: '100%' }} />
          </Form.Item>
          {update.error && <ErrorAlert error={update.error} fieldsShownElsewhere={placed} />}
        </Form>
      </Modal>
    </Space>
  );
}
