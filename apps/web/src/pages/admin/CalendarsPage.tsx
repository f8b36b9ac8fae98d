import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { TAG_COLOURS } from '../../components/CaseTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { showFieldErrors } from '../../components/form-errors';
import { formatDateTime, formatIsoDay } from '../../format';
import { useI18n } from '../../i18n/i18n';

/** Fields documented only as nullable come out of the generator as `{} | null`; they are strings or null. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

interface OverrideValues {
  date: Dayjs;
  kind: 'day_off' | 'working_day';
  noteVi: string;
  noteEn?: string;
}

/** A working calendar's overrides for one year: extra days off and make-up working days (admin). */
export default function CalendarsPage() {
  const { m, fill, language } = useI18n();
  const c = m.admin.calendars;
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OverrideValues>();
  const [placed, setPlaced] = useState<string[]>([]);
  const [calendarId, setCalendarId] = useState<string | undefined>();
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const calendars = useQuery({
    queryKey: ['calendars'],
    queryFn: async () => unwrap(await api.GET('/api/sla/calendars')),
  });
  const chosen = calendarId ?? calendars.data?.[0]?.id;
  const overrides = useQuery({
    queryKey: ['calendars', chosen, 'overrides', year],
    enabled: !!chosen,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/sla/calendars/{calendarId}/overrides', {
          params: { path: { calendarId: chosen! }, query: { year } },
        }),
      ),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['calendars'] });
  const put = useMutation({
    mutationFn: async (values: OverrideValues) =>
      unwrap(
        await api.POST('/api/sla/calendars/{calendarId}/overrides', {
          params: { path: { calendarId: chosen! }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: {
            date: values.date.format('YYYY-MM-DD'),
            kind: values.kind,
            noteVi: values.noteVi,
            ...(values.noteEn?.trim() ? { noteEn: values.noteEn } : {}),
          },
        }),
      ),
    onSuccess: (saved) => {
      void message.success(c.added);
      form.resetFields();
      setPlaced([]);
      setYear(Number(saved.date.slice(0, 4)));
      refresh();
    },
    onError: (error) => setPlaced(showFieldErrors(form, error, ['date', 'kind', 'noteVi', 'noteEn'])),
  });
  const remove = useMutation({
    mutationFn: async (date: string) =>
      unwrap(
        await api.DELETE('/api/sla/calendars/{calendarId}/overrides/{date}', {
          params: { path: { calendarId: chosen!, date } },
        }),
      ),
    onSuccess: () => {
      void message.success(c.removed);
      refresh();
    },
  });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {c.title}
        </Typography.Title>
        <Typography.Text type="secondary">{c.hint}</Typography.Text>
      </div>
      <ErrorAlert error={calendars.error} />
      <Space wrap>
        <label htmlFor="calendar-id">{c.calendar}</label>
        <Select
          id="calendar-id"
          value={chosen}
          onChange={setCalendarId}
          style={{ minWidth: 280 }}
          options={(calendars.data ?? []).map((calendar) => ({
            value: calendar.id,
            label: language === 'vi' ? calendar.nameVi : calendar.nameEn,
          }))}
        />
        <label htmlFor="calendar-year">{c.year}</label>
        <InputNumber
          id="calendar-year"
          min={2000}
          max={2100}
          value={year}
          onChange={(value) => value && setYear(value)}
        />
      </Space>
      <Card title={<h2 className="card-heading">{c.add}</h2>}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'day_off' }}
          onFinish={(values) => put.mutate(values)}
          disabled={!chosen}
        >
          <Space wrap align="start">
            <Form.Item name="date" label={c.date} rules={[{ required: true, message: m.required }]}>
              <DatePicker format="DD/MM/YYYY" />
            </Form.Item>
            <Form.Item name="kind" label={c.kind}>
              <Radio.Group>
                <Radio value="day_off">{c.kindValue.day_off}</Radio>
                <Radio value="working_day">{c.kindValue.working_day}</Radio>
              </Radio.Group>
            </Form.Item>
          </Space>
          <Form.Item name="noteVi" label={c.noteVi} rules={[{ required: true, message: m.required }]}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="noteEn" label={c.noteEn}>
            <Input maxLength={300} />
          </Form.Item>
          {put.error && <ErrorAlert error={put.error} fieldsShownElsewhere={placed} />}
          <Button type="primary" htmlType="submit" loading={put.isPending}>
            {c.add}
          </Button>
        </Form>
      </Card>
      <Card title={<h2 className="card-heading">{`${c.title} · ${year}`}</h2>}>
        <ErrorAlert error={overrides.error ?? remove.error} />
        <Table
          data-testid="calendar-overrides"
          rowKey="date"
          size="small"
          loading={overrides.isLoading}
          dataSource={overrides.data ?? []}
          locale={{ emptyText: c.empty }}
          pagination={false}
          scroll={{ x: 640 }}
          columns={[
            { title: c.date, render: (_, row) => formatIsoDay(row.date) },
            {
              title: c.kind,
              render: (_, row) => (
                <Tag color={row.kind === 'day_off' ? TAG_COLOURS.red : TAG_COLOURS.blue}>{c.kindValue[row.kind]}</Tag>
              ),
            },
            {
              title: c.noteVi,
              render: (_, row) => text(language === 'en' ? (row.noteEn ?? row.noteVi) : row.noteVi),
            },
            {
              title: c.updatedBy,
              render: (_, row) => `${formatDateTime(row.updatedAt)} ${text(row.updatedBy)}`,
            },
            {
              title: '',
              render: (_, row) => (
                <Button
                  danger
                  size="small"
                  onClick={() =>
                    void modal.confirm({
                      title: c.remove,
                      content: fill(c.removeConfirm, { date: formatIsoDay(row.date) }),
                      okText: m.confirm,
                      cancelText: m.cancel,
                      okButtonProps: { danger: true },
                      onOk: () => remove.mutateAsync(row.date),
                    })
                  }
                >
                  {c.remove}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
