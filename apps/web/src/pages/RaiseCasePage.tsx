import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiFailure } from '../api/api-failure';
import { api, unwrap } from '../api/client';
import type { components } from '../api/generated/schema';
import { useSession } from '../auth/session';
import { CommunePicker, type PickedCommune } from '../components/CommunePicker';
import { ErrorAlert } from '../components/ErrorAlert';
import { showFieldErrors } from '../components/form-errors';
import { RaiseSuggestions } from '../components/RaiseSuggestions';
import { useFields } from '../components/reference';
import { useI18n } from '../i18n/i18n';

type CreateCase = components['schemas']['CreateCaseDto'];

interface RaiseForm {
  commune?: PickedCommune;
  field?: string;
  priority: CreateCase['priority'];
  title?: string;
  description?: string;
}

const FORM_FIELDS = ['field', 'priority', 'title', 'description'] as const;

export default function RaiseCasePage() {
  const { m, language } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fields = useFields();
  const [form] = Form.useForm<RaiseForm>();
  const [placed, setPlaced] = useState<string[]>([]);
  const typedTitle = Form.useWatch('title', form);
  const typedDescription = Form.useWatch('description', form);
  const typedCommune = Form.useWatch('commune', form);
  // One key per filled-in form: a retried submit (slow line, double click) creates the case once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  const create = useMutation({
    mutationFn: async (body: CreateCase) =>
      unwrap(await api.POST('/api/cases', { body, headers: { 'Idempotency-Key': idempotencyKey } })),
    onSuccess: (created) => {
      void message.success(m.raise.created);
      void queryClient.invalidateQueries({ queryKey: ['my-work'] });
      setIdempotencyKey(crypto.randomUUID());
      void navigate(`/cases/${created.id}`);
    },
    onError: (error) => {
      const shown = showFieldErrors(form, error, FORM_FIELDS);
      if (error instanceof ApiFailure) {
        // The commune and its province are one choice here: their errors go under the picker.
        const communeErrors = error.fieldErrors
          .filter((fieldError) => fieldError.field === 'communeCode' || fieldError.field === 'provinceCode')
          .map((fieldError) => fieldError.message);
        if (error.code === 'PROVINCE_NOT_IN_DEPLOYMENT') communeErrors.push(error.message);
        if (communeErrors.length > 0) {
          form.setFields([{ name: 'commune', errors: communeErrors }]);
          shown.push('communeCode', 'provinceCode');
        }
      }
      setPlaced(shown);
    },
  });

  if (me && me.provinceCodes.length === 0) return <Alert type="warning" showIcon title={m.raise.noDeployment} />;

  return (
    <Card style={{ maxWidth: 760, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {m.raise.title}
      </Typography.Title>
      <Form<RaiseForm>
        form={form}
        layout="vertical"
        initialValues={{ priority: 'normal' }}
        onFinish={(values) => {
          if (!values.commune) return;
          create.mutate({
            provinceCode: values.commune.provinceCode,
            communeCode: values.commune.communeCode,
            field: (values.field ?? '') as CreateCase['field'],
            priority: values.priority,
            title: values.title ?? '',
            description: values.description ?? '',
          });
        }}
      >
        <Form.Item
          name="commune"
          label={m.raise.commune}
          extra={<span id="commune-hint">{m.raise.communeHint}</span>}
          rules={[{ required: true, message: m.required }]}
        >
          <CommunePicker ariaDescribedBy="commune-hint" />
        </Form.Item>
        <Form.Item name="field" label={m.raise.field} rules={[{ required: true, message: m.required }]}>
          <Select
            loading={fields.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            options={(fields.data ?? []).map((field) => ({
              value: field.code,
              label: language === 'vi' ? field.nameVi : field.nameEn,
            }))}
          />
        </Form.Item>
        <Form.Item name="priority" label={m.raise.priority} rules={[{ required: true, message: m.required }]}>
          <Radio.Group optionType="button" buttonStyle="solid">
            {(['urgent', 'high', 'normal', 'low'] as const).map((priority) => (
              <Radio.Button key={priority} value={priority}>
                {m.priority[priority]}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="title" label={m.raise.titleLabel} rules={[{ required: true, message: m.required }]}>
          <Input maxLength={300} showCount />
        </Form.Item>
        <Form.Item
          name="description"
          label={m.raise.description}
          extra={m.raise.descriptionHint}
          rules={[{ required: true, message: m.required }]}
        >
          <Input.TextArea rows={6} maxLength={20000} />
        </Form.Item>
        <RaiseSuggestions title={typedTitle} description={typedDescription} provinceCode={typedCommune?.provinceCode} />
        {create.error && <ErrorAlert error={create.error} fieldsShownElsewhere={placed} />}
        <Button type="primary" htmlType="submit" loading={create.isPending} style={{ marginTop: 12 }}>
          {m.raise.submit}
        </Button>
      </Form>
    </Card>
  );
}
