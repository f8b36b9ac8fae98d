import { useQuery } from '@tanstack/react-query';
import { Button, Col, DatePicker, Form, Row, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router';
import { useFields, useProvinces } from '../../components/reference';
import { useLeadershipI18n, type LeadershipMessages } from '../../i18n/messages-leadership';
import type { Messages } from '../../i18n/messages';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  drillDownPath,
  fetchFigure,
  filtersFrom,
  type AuditFilters,
  type FigureName,
  type FigureResult,
  type FigureRow,
} from './audit-data';
import { FigureCard, type ChartModel } from './FigureCard';

const AGE_BUCKETS = ['0-7d', '7-30d', '30-90d', '90d+'] as const;
const AGE_COLOURS = ['#69b1ff', '#1677ff', '#0958d9', '#002c8c'];
const LEVELS = ['unit_head', 'working_group', 'leadership'] as const;
const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
const HOUR = 3_600_000;

interface Labels {
  m: Messages;
  l: LeadershipMessages;
  fill: (template: string, values: Record<string, string | number>) => string;
  province: (code: string) => string;
  field: (code: string) => string;
  locale: string;
}

const num = (row: FigureRow, column: string): number | null => (typeof row[column] === 'number' ? row[column] : null);

function levelLabel(key: string, { m, l }: Labels): string {
  return m.level[key as keyof Messages['level']] ?? l.levelKey[key as keyof LeadershipMessages['levelKey']] ?? key;
}

/** Median and 90th percentile working hours per level (first answer, resolution). */
function durationModel(rows: FigureRow[], labels: Labels): ChartModel {
  const { l, fill } = labels;
  const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / HOUR) * 10) / 10);
  const format = (value: number) => fill(l.hours, { n: value.toLocaleString(labels.locale) });
  const categories = rows.map((row) => levelLabel(row.key, labels));
  const keys = rows.map((row) => row.key);
  return {
    categories,
    stacked: false,
    format,
    series: [
      { name: l.series.median, color: '#0958d9', values: rows.map((r) => hours(num(r, 'medianWorkingMs'))), keys },
      { name: l.series.p90, color: '#ad4e00', values: rows.map((r) => hours(num(r, 'p90WorkingMs'))), keys },
    ],
    columns: [l.dashboard.key, l.series.median, l.series.p90, l.dashboard.cases],
    rows: rows.map((row, index) => ({
      key: row.key,
      cells: [
        categories[index],
        format(hours(num(row, 'medianWorkingMs')) ?? 0),
        format(hours(num(row, 'p90WorkingMs')) ?? 0),
        String(num(row, 'cases') ?? 0),
      ],
    })),
  };
}

function complianceModel(rows: FigureRow[], labels: Labels, byUnit: boolean): ChartModel {
  const { l } = labels;
  const picked = rows.filter((row) => row.key.startsWith(byUnit ? 'unit:' : 'level:'));
  const categories = picked.map((row) => {
    const code = row.key.slice(row.key.indexOf(':') + 1);
    return byUnit ? code : levelLabel(code, labels);
  });
  const percent = (row: FigureRow) => Math.round((num(row, 'compliance') ?? 0) * 1000) / 10;
  const format = (value: number) => `${value.toLocaleString(labels.locale)} %`;
  return {
    categories,
    stacked: false,
    max: 100,
    format,
    series: [
      { name: l.series.compliance, color: '#237804', values: picked.map(percent), keys: picked.map((r) => r.key) },
    ],
    columns: [l.dashboard.key, l.series.compliance, l.series.onTime, l.series.late],
    rows: picked.map((row, index) => ({
      key: row.key,
      cells: [categories[index], format(percent(row)), String(num(row, 'onTime') ?? 0), String(num(row, 'late') ?? 0)],
    })),
  };
}

/** Open cases per province or field, stacked by age bucket; each segment is a figure row "code|bucket". */
function backlogModel(rows: FigureRow[], labels: Labels, name: (code: string) => string): ChartModel {
  const { l } = labels;
  const codes = [...new Set(rows.map((row) => row.key.split('|')[0]))];
  const count = (code: string, bucket: string) =>
    num(rows.find((r) => r.key === `${code}|${bucket}`) ?? { key: '', casesHref: '' }, 'cases');
  const totals = new Map(codes.map((code) => [code, AGE_BUCKETS.reduce((sum, b) => sum + (count(code, b) ?? 0), 0)]));
  codes.sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b));
  return {
    categories: codes.map(name),
    stacked: true,
    integer: true,
    format: (value) => String(value),
    series: AGE_BUCKETS.map((bucket, index) => ({
      name: l.age[bucket],
      color: AGE_COLOURS[index],
      values: codes.map((code) => count(code, bucket)),
      keys: codes.map((code) => (count(code, bucket) ? `${code}|${bucket}` : null)),
    })),
    columns: [l.dashboard.key, l.series.cases],
    rows: codes.flatMap((code) =>
      AGE_BUCKETS.filter((bucket) => count(code, bucket)).map((bucket) => ({
        key: `${code}|${bucket}`,
        cells: [`${name(code)} · ${l.age[bucket]}`, String(count(code, bucket))],
      })),
    ),
  };
}

function countModel(
  rows: FigureRow[],
  column: string,
  seriesName: string,
  colour: string,
  label: (key: string) => string,
): ChartModel {
  const categories = rows.map((row) => label(row.key));
  return {
    categories,
    stacked: false,
    integer: true,
    format: (value) => String(value),
    series: [
      { name: seriesName, color: colour, values: rows.map((r) => num(r, column)), keys: rows.map((r) => r.key) },
    ],
    columns: ['', seriesName],
    rows: rows.map((row, index) => ({ key: row.key, cells: [categories[index], String(num(row, column) ?? 0)] })),
  };
}

function useFigure(figure: FigureName, filters: AuditFilters) {
  return useQuery<FigureResult>({
    queryKey: ['audit', 'figure', figure, filters],
    queryFn: () => fetchFigure(figure, filters),
  });
}

/** Leadership and personnel: how cases are answered, where they pile up, each figure drilling down to its cases. */
export default function DashboardPage() {
  const { m, l, fill, language } = useLeadershipI18n();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const filters = filtersFrom(search);
  const fields = useFields();
  const provinces = useProvinces();
  const fieldName = (code: string) => {
    const found = fields.data?.find((field) => field.code === code);
    return found ? (language === 'vi' ? found.nameVi : found.nameEn) : code;
  };
  const provinceName = (code: string) => provinces.data?.find((province) => province.code === code)?.name ?? code;
  const labels: Labels = {
    m,
    l,
    fill,
    province: provinceName,
    field: fieldName,
    locale: language === 'vi' ? 'vi-VN' : 'en-GB',
  };

  const firstAnswer = useFigure('first-answer', filters);
  const resolution = useFigure('resolution', filters);
  const compliance = useFigure('compliance', filters);
  const backlogProvince = useFigure('backlog-province', filters);
  const backlogField = useFigure('backlog-field', filters);
  const autoEscalations = useFigure('auto-escalations', filters);
  const proposals = useFigure('policy-proposals', filters);

  const setFilter = (name: keyof AuditFilters, value: string | undefined) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next, { replace: true });
  };
  const cards: Array<{ id: string; figure: FigureName; title: string; query: typeof firstAnswer; model?: ChartModel }> =
    [
      {
        id: 'first-answer',
        figure: 'first-answer',
        title: l.figure.firstAnswer,
        query: firstAnswer,
        model: firstAnswer.data && durationModel(firstAnswer.data.rows, labels),
      },
      {
        id: 'resolution',
        figure: 'resolution',
        title: l.figure.resolution,
        query: resolution,
        model: resolution.data && durationModel(resolution.data.rows, labels),
      },
      {
        id: 'compliance-level',
        figure: 'compliance',
        title: l.figure.complianceLevel,
        query: compliance,
        model: compliance.data && complianceModel(compliance.data.rows, labels, false),
      },
      {
        id: 'compliance-unit',
        figure: 'compliance',
        title: l.figure.complianceUnit,
        query: compliance,
        model: compliance.data && complianceModel(compliance.data.rows, labels, true),
      },
      {
        id: 'backlog-province',
        figure: 'backlog-province',
        title: l.figure.backlogProvince,
        query: backlogProvince,
        model: backlogProvince.data && backlogModel(backlogProvince.data.rows, labels, provinceName),
      },
      {
        id: 'backlog-field',
        figure: 'backlog-field',
        title: l.figure.backlogField,
        query: backlogField,
        model: backlogField.data && backlogModel(backlogField.data.rows, labels, fieldName),
      },
      {
        id: 'auto-escalations',
        figure: 'auto-escalations',
        title: l.figure.autoEscalations,
        query: autoEscalations,
        model:
          autoEscalations.data &&
          countModel(autoEscalations.data.rows, 'escalations', l.series.escalations, '#a8071a', (key) =>
            key
              .split('>')
              .map((level) => levelLabel(level, labels))
              .join(' → '),
          ),
      },
      {
        id: 'policy-proposals',
        figure: 'policy-proposals',
        title: l.figure.proposals,
        query: proposals,
        model:
          proposals.data &&
          countModel(
            proposals.data.rows,
            'cases',
            l.series.cases,
            '#531dab',
            (key) => m.decision[key as keyof Messages['decision']] ?? l.proposalKey.pending,
          ),
      },
    ];
  const error = cards.find((card) => card.query.error)?.query.error;
  const range =
    filters.from && filters.to ? ([dayjs(filters.from), dayjs(filters.to)] as [dayjs.Dayjs, dayjs.Dayjs]) : null;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {l.dashboard.title}
      </Typography.Title>
      <Typography.Text type="secondary">{l.dashboard.hint}</Typography.Text>
      <section aria-label={l.dashboard.filters}>
        <Form layout="vertical">
          <Row gutter={[12, 0]}>
            <Col xs={24} md={12} lg={6}>
              <Form.Item label={l.dashboard.period} htmlFor="dashboard-period">
                <DatePicker.RangePicker
                  id={{ start: 'dashboard-period', end: 'dashboard-period-end' }}
                  format="DD/MM/YYYY"
                  value={range}
                  style={{ width: '100%' }}
                  onChange={(dates) => {
                    const next = new URLSearchParams(search);
                    if (dates?.[0] && dates[1]) {
                      next.set('from', dates[0].format('YYYY-MM-DD'));
                      next.set('to', dates[1].format('YYYY-MM-DD'));
                    } else {
                      next.delete('from');
                      next.delete('to');
                    }
                    setSearch(next, { replace: true });
                  }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={5}>
              <Form.Item label={l.dashboard.province} htmlFor="dashboard-province">
                <Select
                  id="dashboard-province"
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={l.dashboard.all}
                  value={filters.provinceCode}
                  onChange={(value?: string) => setFilter('provinceCode', value)}
                  options={(provinces.data ?? []).map((province) => ({ value: province.code, label: province.name }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={5}>
              <Form.Item label={l.dashboard.field} htmlFor="dashboard-field">
                <Select
                  id="dashboard-field"
                  allowClear
                  placeholder={l.dashboard.all}
                  value={filters.field}
                  onChange={(value?: string) => setFilter('field', value)}
                  options={(fields.data ?? []).map((field) => ({ value: field.code, label: fieldName(field.code) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item label={l.dashboard.priority} htmlFor="dashboard-priority">
                <Select
                  id="dashboard-priority"
                  allowClear
                  placeholder={l.dashboard.all}
                  value={filters.priority}
                  onChange={(value?: string) => setFilter('priority', value)}
                  options={PRIORITIES.map((priority) => ({ value: priority, label: m.priority[priority] }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item label={l.dashboard.level} htmlFor="dashboard-level">
                <Select
                  id="dashboard-level"
                  allowClear
                  placeholder={l.dashboard.all}
                  value={filters.level}
                  onChange={(value?: string) => setFilter('level', value)}
                  options={LEVELS.map((level) => ({ value: level, label: m.level[level] }))}
                />
              </Form.Item>
            </Col>
          </Row>
          {Object.keys(filters).length > 0 && (
            <Button size="small" onClick={() => setSearch(new URLSearchParams(), { replace: true })}>
              {l.dashboard.clear}
            </Button>
          )}
        </Form>
      </section>
      <ErrorAlert error={error} />
      <Row gutter={[16, 16]}>
        {cards.map((card) => (
          <Col xs={24} xl={12} key={card.id}>
            <FigureCard
              id={card.id}
              title={card.title}
              model={card.model}
              loading={card.query.isLoading}
              drillPath={(key) => drillDownPath(card.figure, key, filters)}
              onPickKey={(key) => void navigate(drillDownPath(card.figure, key, filters))}
            />
          </Col>
        ))}
      </Row>
    </Space>
  );
}
