import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';
import { TAG_COLOURS } from '../../components/CaseTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { showFieldErrors } from '../../components/form-errors';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import type { Messages } from '../../i18n/messages';
import { UserActions } from './UserEditDialog';

type CreateUser = components['schemas']['CreateUserDto'];
const ROLES = ['official', 'unit_head', 'working_group', 'leadership', 'personnel', 'admin'] as const;
const FIELDS = ['username', 'displayName', 'email', 'roles', 'unitCode'] as const;

export default function UsersPage() {
  const { m } = useI18n();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [oneTimePassword, setOneTimePassword] = useState<{ username: string; password: string } | null>(null);
  const [form] = Form.useForm<CreateUser>();
  const [placed, setPlaced] = useState<string[]>([]);
  const users = useQuery({
    queryKey: ['users', q],
    queryFn: async () => unwrap(await api.GET('/api/users', { params: { query: { q: q || undefined, limit: 100 } } })),
  });
  const create = useMutation({
    mutationFn: async (body: CreateUser) => unwrap(await api.POST('/api/users', { body })),
    onSuccess: (created) => {
      setCreating(false);
      form.resetFields();
      if (created.oneTimePassword)
        setOneTimePassword({ username: created.user.username, password: created.oneTimePassword });
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (error) => setPlaced(showFieldErrors(form, error, FIELDS)),
  });
  const roleLabel = (role: string) => m.role[role as keyof Messages['role']] ?? role;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {m.users.title}
      </Typography.Title>
      {oneTimePassword && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setOneTimePassword(null) }}
          title={`${m.users.oneTimePassword} ${oneTimePassword.username} — ${oneTimePassword.password}`}
        />
      )}
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search aria-label={m.search} placeholder={m.search} allowClear onSearch={setQ} />
          <Button type="primary" onClick={() => setCreating(true)}>
            {m.users.create}
          </Button>
        </Space>
        <ErrorAlert error={users.error} />
        <Table
          rowKey="id"
          size="small"
          loading={users.isLoading}
          dataSource={users.data?.items ?? []}
          scroll={{ x: 720 }}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: m.users.username, dataIndex: 'username' },
            { title: m.users.displayName, dataIndex: 'displayName' },
            {
              title: m.users.roles,
              dataIndex: 'roles',
              render: (roles: string[]) => roles.map((role) => <Tag key={role}>{roleLabel(role)}</Tag>),
            },
            { title: m.users.unitCode, dataIndex: 'unitCode' },
            {
              title: m.users.active,
              dataIndex: 'active',
              render: (active: boolean) =>
                active ? (
                  <Tag color={TAG_COLOURS.green}>{m.users.active}</Tag>
                ) : (
                  <Tag color={TAG_COLOURS.red}>{m.users.inactive}</Tag>
                ),
            },
            {
              title: m.users.lastLogin,
              dataIndex: 'lastLoginAt',
              render: (value: string | null) => formatDateTime(value),
            },
            {
              title: m.admin.userEdit.actions,
              render: (_, user) => (
                <UserActions
                  user={user}
                  onPassword={(password) => setOneTimePassword({ username: user.username, password })}
                />
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={m.users.create}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={m.save}
        cancelText={m.cancel}
        confirmLoading={create.isPending}
      >
        <Form<CreateUser>
          form={form}
          layout="vertical"
          onFinish={(values) =>
            create.mutate({ ...values, email: values.email || undefined, unitCode: values.unitCode || undefined })
          }
        >
          <Form.Item name="username" label={m.users.username} rules={[{ required: true, message: m.required }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={m.users.displayName} rules={[{ required: true, message: m.required }]}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={m.users.email}>
            <Input type="email" />
          </Form.Item>
          <Form.Item name="roles" label={m.users.roles} rules={[{ required: true, message: m.required }]}>
            <Select mode="multiple" options={ROLES.map((role) => ({ value: role, label: roleLabel(role) }))} />
          </Form.Item>
          <Form.Item name="unitCode" label={m.users.unitCode}>
            <Input />
          </Form.Item>
          {create.error && <ErrorAlert error={create.error} fieldsShownElsewhere={placed} />}
        </Form>
      </Modal>
    </Space>
  );
}
