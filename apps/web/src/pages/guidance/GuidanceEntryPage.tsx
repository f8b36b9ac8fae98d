import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { fetchGuidanceEntry, searchGuidance, type GuidanceEntry } from '../../api/guidance';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';
import { useSession } from '../../auth/session';
import { TAG_COLOURS } from '../../components/CaseTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { showFieldErrors } from '../../components/form-errors';
import { useFields } from '../../components/reference';
import { formatDate, formatDateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';

type EditValues = { question: string; answer: string; legalBasis?: string; field?: string; note?: string };
type EditBody = components['schemas']['EditGuidanceDto'];
type FieldCode = EditBody['field'];

function EditDialog({ entry, onClose }: { entry: GuidanceEntry; onClose: () => void }) {
  const { m, language } = useI18n();
  const g = m.guidance;
  const { message } = App.useApp();
  const fields = useFields();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EditValues>();
  const [placed, setPlaced] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: async (values: EditValues) =>
      unwrap(
        await api.PATCH('/api/guidance/{id}', {
          params: { path: { id: entry.id } },
          body: {
            question: values.question,
            answer: values.answer,
            // Documented only as nullable, the generator types it `{} | null`; it is a string or null.
            legalBasis: (values.legalBasis?.trim() ? values.legalBasis : null) as unknown as EditBody['legalBasis'],
            ...(values.field ? { field: values.field as FieldCode } : {}),
            ...(values.note?.trim() ? { note: values.note } : {}),
          },
        }),
      ),
    onSuccess: () => {
      void message.success(g.edited);
      void queryClient.invalidateQueries({ queryKey: ['guidance'] });
      onClose();
    },
    onError: (error) => setPlaced(showFieldErrors(form, error, ['question', 'answer', 'legalBasis', 'field', 'note'])),
  });
  return (
    <Modal
      open
      title={g.edit}
      okText={m.save}
      cancelText={m.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={720}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        initialValues={{
          question: entry.question,
          answer: entry.answer,
          legalBasis: entry.legalBasis ?? '',
          field: entry.field ?? undefined,
        }}
      >
        <Form.Item name="question" label={g.question} rules={[{ required: true, message: m.required }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="answer" label={g.answer} rules={[{ required: true, message: m.required }]}>
          <Input.TextArea rows={6} maxLength={20000} />
        </Form.Item>
        <Form.Item name="legalBasis" label={g.legalBasis}>
          <Input maxLength={2000} />
        </Form.Item>
        <Form.Item name="field" label={g.field}>
          <Select
            options={(fields.data ?? []).map((item) => ({
              value: item.code,
              label: language === 'vi' ? item.nameVi : item.nameEn,
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label={g.changeNote}>
          <Input maxLength={1000} />
        </Form.Item>
        {save.error && <ErrorAlert error={save.error} fieldsShownElsewhere={placed} />}
      </Form>
    </Modal>
  );
}

function RetireDialog({ entry, onClose }: { entry: GuidanceEntry; onClose: () => void }) {
  const { m } = useI18n();
  const g = m.guidance;
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [placed, setPlaced] = useState<string[]>([]);
  const retire = useMutation({
    mutationFn: async (reason: string) =>
      unwrap(await api.POST('/api/guidance/{id}/retire', { params: { path: { id: entry.id } }, body: { reason } })),
    onSuccess: () => {
      void message.success(g.retired);
      void queryClient.invalidateQueries({ queryKey: ['guidance'] });
      onClose();
    },
    onError: (error) => setPlaced(showFieldErrors(form, error, ['reason'])),
  });
  return (
    <Modal
      open
      title={g.retire}
      okText={g.retire}
      okButtonProps={{ danger: true }}
      cancelText={m.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={retire.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void modal.confirm({
            title: g.retire,
            content: g.retireConfirm,
            okText: m.confirm,
            cancelText: m.cancel,
            okButtonProps: { danger: true },
            onOk: () => retire.mutate(values.reason),
          })
        }
      >
        <Form.Item name="reason" label={g.retireReason} rules={[{ required: true, message: m.required }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        {retire.error && <ErrorAlert error={retire.error} fieldsShownElsewhere={placed} />}
      </Form>
    </Modal>
  );
}

function LinkDialog({ entry, onClose }: { entry: GuidanceEntry; onClose: () => void }) {
  const { m } = useI18n();
  const g = m.guidance;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ relatedEntryId: string }>();
  const [text, setText] = useState('');
  const [placed, setPlaced] = useState<string[]>([]);
  const candidates = useQuery({
    queryKey: ['guidance', 'search', text, 'link'],
    enabled: text.trim().length > 1,
    queryFn: () => searchGuidance(text.trim(), undefined, 10),
  });
  const link = useMutation({
    mutationFn: async (relatedEntryId: string) =>
      unwrap(
        await api.POST('/api/guidance/{id}/links', { params: { path: { id: entry.id } }, body: { relatedEntryId } }),
      ),
    onSuccess: () => {
      void message.success(g.linked);
      void queryClient.invalidateQueries({ queryKey: ['guidance'] });
      onClose();
    },
    onError: (error) => setPlaced(showFieldErrors(form, error, ['relatedEntryId'])),
  });
  return (
    <Modal
      open
      title={g.link}
      okText={g.link}
      cancelText={m.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={link.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => link.mutate(values.relatedEntryId)}>
        <Form.Item name="relatedEntryId" label={g.linkPick} rules={[{ required: true, message: m.required }]}>
          <Select
            showSearch={{ filterOption: false, onSearch: setText }}
            loading={candidates.isFetching}
            notFoundContent={text.trim().length > 1 && !candidates.isFetching ? g.noResults : null}
            options={(candidates.data ?? [])
              .filter((hit) => hit.id !== entry.id)
              .map((hit) => ({ value: hit.id, label: hit.question }))}
          />
        </Form.Item>
        {link.error && <ErrorAlert error={link.error} fieldsShownElsewhere={placed} />}
      </Form>
    </Modal>
  );
}

/** One guidance entry: question, answer, legal basis, field, source, publisher, related entries and every version. */
export default function GuidanceEntryPage() {
  const { id = '' } = useParams();
  const { m, language, fill } = useI18n();
  const g = m.guidance;
  const { hasRole } = useSession();
  const fields = useFields();
  const [dialog, setDialog] = useState<'edit' | 'retire' | 'link' | null>(null);
  const entry = useQuery({ queryKey: ['guidance', 'entry', id], queryFn: () => fetchGuidanceEntry(id) });
  if (entry.isLoading) return <Spin />;
  if (entry.error || !entry.data) return <ErrorAlert error={entry.error ?? new Error(g.notFound)} />;
  const item = entry.data;
  const field = fields.data?.find((candidate) => candidate.code === item.field);
  const editor = hasRole('working_group') && item.status === 'active';

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/guidance">← {g.back}</Link>
      <div>
        <Typography.Title level={1} style={{ fontSize: 22, marginBottom: 4 }} data-testid="guidance-question">
          {item.question}
        </Typography.Title>
        <Space wrap>
          <Tag color={item.status === 'active' ? TAG_COLOURS.green : 'default'}>
            {g.status[item.status] ?? item.status}
          </Tag>
          {field && <Tag>{language === 'vi' ? field.nameVi : field.nameEn}</Tag>}
        </Space>
      </div>
      {item.status === 'retired' && (
        <Typography.Text type="danger">
          {fill(g.retiredBecause, { at: formatDate(item.retiredAt), reason: item.retireReason ?? '' })}
        </Typography.Text>
      )}
      {editor && (
        <Space wrap>
          <Button type="primary" onClick={() => setDialog('edit')}>
            {g.edit}
          </Button>
          <Button onClick={() => setDialog('link')}>{g.link}</Button>
          <Button danger onClick={() => setDialog('retire')}>
            {g.retire}
          </Button>
        </Space>
      )}
      <Card title={<h2 className="card-heading">{g.answer}</h2>}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="guidance-answer">
          {item.answer}
        </Typography.Paragraph>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={g.legalBasis}>{item.legalBasis ?? m.none}</Descriptions.Item>
          <Descriptions.Item label={g.field}>
            {field ? (language === 'vi' ? field.nameVi : field.nameEn) : (item.field ?? m.none)}
          </Descriptions.Item>
          <Descriptions.Item label={g.sourceCase}>
            {item.sourceCaseId ? (
              <Link to={`/cases/${item.sourceCaseId}`}>{g.sourceKind.answer}</Link>
            ) : (
              (g.sourceKind[item.sourceKind as keyof typeof g.sourceKind] ?? item.sourceKind)
            )}
          </Descriptions.Item>
          <Descriptions.Item label={g.publishedBy}>{item.publishedByName ?? item.publishedByUserId}</Descriptions.Item>
          <Descriptions.Item label={g.publishedAt}>{formatDateTime(item.publishedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={<h2 className="card-heading">{g.related}</h2>}>
        <List
          data-testid="guidance-related"
          dataSource={item.related}
          locale={{ emptyText: <Typography.Text type="secondary">{g.noRelated}</Typography.Text> }}
          renderItem={(related) => (
            <List.Item key={related.id}>
              <Link to={`/guidance/${related.id}`}>{related.question}</Link>
              {related.status !== 'active' && (
                <Tag style={{ marginLeft: 8 }}>
                  {g.status[related.status as keyof typeof g.status] ?? related.status}
                </Tag>
              )}
            </List.Item>
          )}
        />
      </Card>
      <Card title={<h2 className="card-heading">{g.history}</h2>}>
        <Timeline
          data-testid="guidance-history"
          items={[...item.versions].reverse().map((version) => ({
            key: version.version,
            content: (
              <div data-version={version.version}>
                <Typography.Text strong>
                  {fill(g.versionLine, {
                    n: version.version,
                    at: formatDateTime(version.changedAt),
                    by: version.changedByName ?? version.changedByUserId,
                  })}
                </Typography.Text>
                {version.changeNote && (
                  <div>
                    <Typography.Text type="secondary">
                      {g.changeNote}: {version.changeNote}
                    </Typography.Text>
                  </div>
                )}
                <div style={{ whiteSpace: 'pre-wrap' }}>
                  <Typography.Text>{version.question}</Typography.Text>
                </div>
              </div>
            ),
          }))}
        />
      </Card>
      {dialog === 'edit' && <EditDialog entry={item} onClose={() => setDialog(null)} />}
      {dialog === 'retire' && <RetireDialog entry={item} onClose={() => setDialog(null)} />}
      {dialog === 'link' && <LinkDialog entry={item} onClose={() => setDialog(null)} />}
    </Space>
  );
}
