import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { searchGuidance } from '../../api/guidance';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Highlighted } from '../../components/Highlighted';
import { useFields } from '../../components/reference';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n/i18n';

/** The guidance library: search (diacritics do not matter), filter by field, matches highlighted. */
export default function GuidancePage() {
  const { m, language } = useI18n();
  const g = m.guidance;
  const fields = useFields();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const field = params.get('field') ?? undefined;
  const results = useQuery({
    queryKey: ['guidance', 'search', q, field],
    enabled: q.trim().length > 0,
    queryFn: () => searchGuidance(q.trim(), field),
  });
  const fieldName = (code: string | null) => {
    const found = fields.data?.find((candidate) => candidate.code === code);
    return found ? (language === 'vi' ? found.nameVi : found.nameEn) : (code ?? '');
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {g.title}
        </Typography.Title>
        <Typography.Text type="secondary">{g.hint}</Typography.Text>
      </div>
      <Card>
        <Form
          layout="vertical"
          initialValues={{ q, field }}
          onFinish={(values: { q?: string; field?: string }) => {
            const next = new URLSearchParams();
            if (values.q?.trim()) next.set('q', values.q.trim());
            if (values.field) next.set('field', values.field);
            setParams(next);
          }}
        >
          <Space wrap align="end" style={{ width: '100%' }}>
            <Form.Item name="q" label={g.query} htmlFor="guidance-q" style={{ marginBottom: 0, minWidth: 260 }}>
              <Input id="guidance-q" type="search" placeholder={g.queryPlaceholder} maxLength={500} allowClear />
            </Form.Item>
            <Form.Item name="field" label={g.field} htmlFor="guidance-field" style={{ marginBottom: 0, minWidth: 240 }}>
              <Select
                id="guidance-field"
                allowClear
                placeholder={g.allFields}
                options={(fields.data ?? []).map((item) => ({
                  value: item.code,
                  label: language === 'vi' ? item.nameVi : item.nameEn,
                }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {g.searchButton}
            </Button>
          </Space>
        </Form>
      </Card>
      <Card title={<h2 className="card-heading">{g.results}</h2>}>
        <ErrorAlert error={results.error} />
        {!q.trim() ? (
          <Typography.Text type="secondary">{g.startHint}</Typography.Text>
        ) : (
          <List
            data-testid="guidance-results"
            loading={results.isLoading}
            dataSource={results.data ?? []}
            locale={{ emptyText: <Empty description={g.noResults} /> }}
            renderItem={(hit) => (
              <List.Item key={hit.id} data-guidance-id={hit.id}>
                <div style={{ width: '100%' }}>
                  <Link to={`/guidance/${hit.id}`} className="guidance-question">
                    <Highlighted snippet={hit.questionHighlighted} />
                  </Link>
                  <Typography.Paragraph style={{ margin: '4px 0' }}>
                    <Highlighted snippet={hit.answerHighlighted} />
                  </Typography.Paragraph>
                  <Space wrap size="small">
                    {hit.field && <Tag>{fieldName(hit.field)}</Tag>}
                    {hit.legalBasis && (
                      <Typography.Text type="secondary">
                        {g.legalBasis}: {hit.legalBasis}
                      </Typography.Text>
                    )}
                    <Typography.Text type="secondary">
                      {g.publishedAt}: {formatDate(hit.publishedAt)}
                    </Typography.Text>
                  </Space>
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
