import { Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { showFieldErrors } from '../components/form-errors';
import { useI18n } from '../i18n/i18n';
import type { Language } from '../i18n/messages';

interface Credentials {
  username: string;
  password: string;
}

function ChangePasswordForm() {
  const { m } = useI18n();
  const { reload } = useSession();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string }>();
  const [error, setError] = useState<unknown>(null);
  const [placed, setPlaced] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) => {
        void (async () => {
          setBusy(true);
          setError(null);
          try {
            unwrap(await api.POST('/api/auth/password', { body: values }));
            await reload();
          } catch (failure) {
            setError(failure);
            setPlaced(showFieldErrors(form, failure, ['currentPassword', 'newPassword']));
          } finally {
            setBusy(false);
          }
        })();
      }}
    >
      <Typography.Paragraph>{m.login.changeHint}</Typography.Paragraph>
      <Form.Item
        name="currentPassword"
        label={m.login.currentPassword}
        rules={[{ required: true, message: m.required }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={m.login.newPassword} rules={[{ required: true, message: m.required }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <ErrorAlert error={error} fieldsShownElsewhere={placed} />
      <Button type="primary" htmlType="submit" loading={busy} block style={{ marginTop: 12 }}>
        {m.login.changeSubmit}
      </Button>
    </Form>
  );
}

export default function LoginPage() {
  const { m, language, setLanguage } = useI18n();
  const { me, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<Credentials>();
  const [error, setError] = useState<unknown>(null);
  const [placed, setPlaced] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  return (
    <main className="login-page" style={{ display: 'flex', justifyContent: 'center', padding: '8vh 12px' }}>
      <Card style={{ width: '100%', maxWidth: 420 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'start', gap: 8 }}>
          <div>
            <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
              {m.appTitle}
            </Typography.Title>
            <Typography.Text type="secondary">{m.appSubtitle}</Typography.Text>
          </div>
          <Segmented<Language>
            size="small"
            aria-label={m.language}
            value={language}
            onChange={setLanguage}
            options={[
              { label: 'VI', value: 'vi' },
              { label: 'EN', value: 'en' },
            ]}
          />
        </div>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {me?.passwordChangeRequired ? m.login.changeTitle : m.login.title}
        </Typography.Title>
        {me?.passwordChangeRequired ? (
          <ChangePasswordForm />
        ) : (
          <Form
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={({ username, password }) => {
              void (async () => {
                setBusy(true);
                setError(null);
                try {
                  const signedIn = await login(username, password);
                  if (!signedIn.passwordChangeRequired) void navigate(from, { replace: true });
                } catch (failure) {
                  setError(failure);
                  setPlaced(showFieldErrors(form, failure, ['username', 'password']));
                } finally {
                  setBusy(false);
                }
              })();
            }}
          >
            <Typography.Paragraph type="secondary">{m.login.hint}</Typography.Paragraph>
            <Form.Item name="username" label={m.login.username} rules={[{ required: true, message: m.required }]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={m.login.password} rules={[{ required: true, message: m.required }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <ErrorAlert error={error} fieldsShownElsewhere={placed} />
            <Button type="primary" htmlType="submit" loading={busy} block style={{ marginTop: 12 }}>
              {m.login.submit}
            </Button>
          </Form>
        )}
      </Card>
    </main>
  );
}
