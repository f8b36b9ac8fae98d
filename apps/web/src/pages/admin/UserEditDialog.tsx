import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';
import { ErrorAlert } from '../../components/ErrorAlert';
import { showFieldErrors } from '../../components/form-errors';
import { UnitPicker } from '../../components/Pickers';
import { useI18n } from '../../i18n/i18n';
import type { Messages } from '../../i18n/messages';

type User = components['schemas']['UserView'];
type UpdateUser = components['schemas']['UpdateUserDto'];
const ROLES = ['official', 'unit_head', 'working_group', 'leadership', 'personnel', 'admin'] as const;

interface EditValues {
  displayName: string;
  email?: string;
  roles: UpdateUser['roles'];
  unitCode?: string;
  active: boolean;
}

/** Edit an account (name, e-mail, roles, unit, may sign in) and reset its password; the row's buttons. */
export function UserActions({ user, onPassword }: { user: User; onPassword: (password: string) => void }) {
  const { m, fill } = useI18n();
  const u = m.admin.userEdit;
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<EditValues>();
  const [placed, setPlaced] = useState<string[]>([]);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const save = useMutation({
    mutationFn: async (values: EditValues) =>
      unwrap(
        await api.PATCH('/api/users/{id}', {
          params: { path: { id: user.id } },
          body: {
            displayName: values.displayName,
            // Documented only as nullable, these come out of the generator as `{} | null`; they are strings or null.
            email: values.email?.trim() ? values.email.trim() : null,
            roles: values.roles,
            unitCode: values.unitCode ?? null,
            active: values.active,
          },
        }),
      ),
    onSuccess: () => {
      void message.success(u.saved);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      setOpen(false);
    },
    onError: (error) =>
      setPlaced(showFieldErrors(form, error, ['displayName', 'email', 'roles', 'unitCode', 'active'])),
  });
  const reset = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/users/{id}/password-reset', { params: { path: { id: user.id } } })),
    onSuccess: (result) => onPassword(result.oneTimePassword),
  });
  const roleLabel = (role: string) => m.role[role as keyof Messages['role']] ?? role;

  return (
    <Space wrap size="small">
      <Button size="small" onClick={() => setOpen(true)} aria-label={`${u.edit} ${user.username}`}>
        {u.edit}
      </Button>
      {user.passwordLogin && (
        <Button
          size="small"
          loading={reset.isPending}
          aria-label={`${u.reset} ${user.username}`}
          onClick={() =>
            void modal.confirm({
              title: u.reset,
              content: fill(u.resetConfirm, { username: user.username }),
              okText: m.confirm,
              cancelText: m.cancel,
              okButtonProps: { danger: true },
              onOk: () => reset.mutateAsync(),
            })
          }
        >
          {u.reset}
        </Button>
      )}
      {reset.error && <ErrorAlert error={reset.error} />}
      {open && (
        <Modal
          open
          title={fill(u.title, { username: user.username })}
          okText={m.save}
          cancelText={m.cancel}
          onCancel={() => setOpen(false)}
          onOk={() => form.submit()}
          confirmLoading={save.isPending}
          destroyOnHidden
        >
          <Form
            form={form}
            layout="vertical"
            initialValues={{
              displayName: user.displayName,
              email: text(user.email),
              roles: user.roles,
              unitCode: text(user.unitCode),
              active: user.active,
            }}
            onFinish={(values) => {
              if (user.active && !values.active) {
                modal.confirm({
                  title: u.active,
                  content: u.deactivateConfirm,
                  okText: m.confirm,
                  cancelText: m.cancel,
                  okButtonProps: { danger: true },
                  onOk: () => save.mutate(values),
                });
              } else save.mutate(values);
            }}
          >
            <Form.Item name="displayName" label={m.users.displayName} rules={[{ required: true, message: m.required }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="email" label={m.users.email}>
              <Input type="email" />
            </Form.Item>
            <Form.Item name="roles" label={m.users.roles} rules={[{ required: true, message: m.required }]}>
              <Select mode="multiple" options={ROLES.map((role) => ({ value: role, label: roleLabel(role) }))} />
            </Form.Item>
            <Form.Item name="unitCode" label={m.users.unitCode}>
              <UnitPicker />
            </Form.Item>
            <Form.Item name="active" label={u.active} valuePropName="checked">
              <Switch />
            </Form.Item>
            {save.error && <ErrorAlert error={save.error} fieldsShownElsewhere={placed} />}
          </Form>
        </Modal>
      )}
    </Space>
  );
}
