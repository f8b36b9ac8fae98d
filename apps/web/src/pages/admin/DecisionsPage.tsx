import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { showFieldErrors } from '../../components/form-errors';
import { useProvinces } from '../../components/reference';
import { formatIsoDay } from '../../format';
import { useI18n } from '../../i18n/i18n';

const DAY_FORMAT = 'DD/MM/YYYY';
const iso = (day: Dayjs | null | undefined) => (day ? day.format('YYYY-MM-DD') : undefined);

interface DecisionValues {
  number: string;
  signedOn: Dayjs;
  signerTitle: string;
  periodStart: Dayjs;
  periodEnd: Dayjs;
  purpose?: string;
}

interface DeployValues {
  decisionNumber: string;
  username: string;
  homeUnitCode: string;
  provinceCode: string;
  periodStart?: Dayjs;
  periodEnd?: Dayjs;
}

function useUnits() {
  return useQuery({
    queryKey: ['reference', 'units'],
    queryFn: async () => unwrap(await api.GET('/api/reference/units')),
    staleTime: Infinity,
  });
}

/** Dispatch decisions (list, record one) and deploying one official under a decision. */
export default function DecisionsPage() {
  const { m, fill, language } = useI18n();
  const d = m.admin.decisions;
  const p = m.admin.deploy;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const provinces = useProvinces();
  const units = useUnits();
  const [decisionForm] = Form.useForm<DecisionValues>();
  const [deployForm] = Form.useForm<DeployValues>();
  const [decisionPlaced, setDecisionPlaced] = useState<string[]>([]);
  const [deployPlaced, setDeployPlaced] = useState<string[]>([]);
  const decisions = useQuery({
    queryKey: ['dispatch-decisions'],
    queryFn: async () => unwrap(await api.GET('/api/dispatch-decisions')),
  });
  const createDecision = useMutation({
    mutationFn: async (values: DecisionValues) =>
      unwrap(
        await api.POST('/api/dispatch-decisions', {
          params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: {
            number: values.number,
            signedOn: iso(values.signedOn)!,
            signerTitle: values.signerTitle,
            periodStart: iso(values.periodStart)!,
            periodEnd: iso(values.periodEnd)!,
            ...(values.purpose ? { purpose: values.purpose } : {}),
          },
        }),
      ),
    onSuccess: (created) => {
      void message.success(fill(d.created, { number: created.number }));
      decisionForm.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['dispatch-decisions'] });
    },
    onError: (error) =>
      setDecisionPlaced(
        showFieldErrors(decisionForm, error, [
          'number',
          'signedOn',
          'signerTitle',
          'periodStart',
          'periodEnd',
          'purpose',
        ]),
      ),
  });
  const deploy = useMutation({
    mutationFn: async (values: DeployValues) =>
      unwrap(
        await api.POST('/api/deployments', {
          params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: {
            decisionNumber: values.decisionNumber,
            username: values.username,
            homeUnitCode: values.homeUnitCode,
            provinceCode: values.provinceCode,
            ...(values.periodStart ? { periodStart: iso(values.periodStart) } : {}),
            ...(values.periodEnd ? { periodEnd: iso(values.periodEnd) } : {}),
          },
        }),
      ),
    onSuccess: () => {
      void message.success(p.created);
      deployForm.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['deployments'] });
      void queryClient.invalidateQueries({ queryKey: ['dispatch-decisions'] });
    },
    onError: (error) =>
      setDeployPlaced(
        showFieldErrors(deployForm, error, [
          'decisionNumber',
          'username',
          'homeUnitCode',
          'provinceCode',
          'periodStart',
          'periodEnd',
        ]),
      ),
  });
  const required = [{ required: true, message: m.required }];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {d.title}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={<h2 className="card-heading">{d.create}</h2>}>
            <Form form={decisionForm} layout="vertical" onFinish={(values) => createDecision.mutate(values)}>
              <Form.Item name="number" label={d.number} rules={required}>
                <Input placeholder="878/QĐ-BNV" maxLength={64} />
              </Form.Item>
              <Form.Item name="signedOn" label={d.signedOn} rules={required}>
                <DatePicker format={DAY_FORMAT} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="signerTitle" label={d.signerTitle} rules={required} initialValue="Bộ trưởng Bộ Nội vụ">
                <Input maxLength={200} />
              </Form.Item>
              <Space wrap>
                <Form.Item name="periodStart" label={d.periodStart} rules={required}>
                  <DatePicker format={DAY_FORMAT} />
                </Form.Item>
                <Form.Item name="periodEnd" label={d.periodEnd} rules={required}>
                  <DatePicker format={DAY_FORMAT} />
                </Form.Item>
              </Space>
              <Form.Item name="purpose" label={d.purpose}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              {createDecision.error && (
                <ErrorAlert error={createDecision.error} fieldsShownElsewhere={decisionPlaced} />
              )}
              <Button type="primary" htmlType="submit" loading={createDecision.isPending}>
                {d.create}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={<h2 className="card-heading">{p.title}</h2>}>
            <Form form={deployForm} layout="vertical" onFinish={(values) => deploy.mutate(values)}>
              <Form.Item name="decisionNumber" label={p.decision} rules={required}>
                <Select
                  showSearch
                  options={(decisions.data ?? []).map((decision) => ({
                    value: decision.number,
                    label: decision.number,
                  }))}
                />
              </Form.Item>
              <Form.Item name="username" label={p.username} rules={required}>
                <Input maxLength={64} autoComplete="off" />
              </Form.Item>
              <Form.Item name="homeUnitCode" label={p.homeUnit} rules={required}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(units.data ?? []).map((unit) => ({
                    value: unit.code,
                    label: `${language === 'vi' ? unit.nameVi : unit.nameEn} (${unit.code})`,
                  }))}
                />
              </Form.Item>
              <Form.Item name="provinceCode" label={p.province} rules={required}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(provinces.data ?? []).map((province) => ({ value: province.code, label: province.name }))}
                />
              </Form.Item>
              <Space wrap>
                <Form.Item name="periodStart" label={p.periodStart}>
                  <DatePicker format={DAY_FORMAT} />
                </Form.Item>
                <Form.Item name="periodEnd" label={p.periodEnd}>
                  <DatePicker format={DAY_FORMAT} />
                </Form.Item>
              </Space>
              {deploy.error && <ErrorAlert error={deploy.error} fieldsShownElsewhere={deployPlaced} />}
              <Button type="primary" htmlType="submit" loading={deploy.isPending}>
                {p.submit}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
      <Card title={<h2 className="card-heading">{d.list}</h2>}>
        <ErrorAlert error={decisions.error} />
        <Table
          rowKey="id"
          size="small"
          loading={decisions.isLoading}
          dataSource={decisions.data ?? []}
          scroll={{ x: 720 }}
          columns={[
            { title: d.number, dataIndex: 'number' },
            { title: d.signedOn, render: (_, row) => formatIsoDay(row.signedOn) },
            { title: d.signerTitle, dataIndex: 'signerTitle' },
            {
              title: `${d.periodStart} – ${d.periodEnd}`,
              render: (_, row) => `${formatIsoDay(row.periodStart)} – ${formatIsoDay(row.periodEnd)}`,
            },
            { title: d.purpose, dataIndex: 'purpose' },
            { title: d.deploymentCount, dataIndex: 'deploymentCount', align: 'right' },
          ]}
        />
      </Card>
    </Space>
  );
}
