import { Card, Empty, Segmented, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ScrollRegion } from './ScrollRegion';
import { useLeadershipI18n } from '../../i18n/messages-leadership';
import { EChart } from './BarChart';
import type { EChartsCoreOption } from './echarts';

/** What a card draws: bars per category, one or more series; every bar knows the figure row (drill-down key) behind it. */
export interface ChartModel {
  categories: string[];
  series: Array<{ name: string; color: string; values: Array<number | null>; keys: Array<string | null> }>;
  stacked: boolean;
  /** Counts: the value axis shows whole numbers only. */
  integer?: boolean;
  /** The value axis' end (100 for percentages). */
  max?: number;
  /** How a value reads (on the axis, in the tooltip and in the table). */
  format: (value: number) => string;
  /** The table alternative: a header and one line per figure row, each linking to its cases. */
  columns: string[];
  rows: Array<{ key: string; cells: string[] }>;
}

function chartOption(model: ChartModel): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 8, right: 24, top: model.series.length > 1 ? 36 : 12, bottom: 8, containLabel: true },
    legend: model.series.length > 1 ? { top: 0, textStyle: { color: '#1f1f1f' } } : undefined,
    tooltip: { trigger: 'item', valueFormatter: (value: number) => model.format(value) },
    xAxis: {
      type: 'value',
      minInterval: model.integer ? 1 : undefined,
      splitNumber: 4,
      max: model.max,
      axisLabel: { color: '#1f1f1f', hideOverlap: true, formatter: (value: number) => model.format(value) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: model.categories,
      axisLabel: { color: '#1f1f1f', width: 110, overflow: 'truncate' },
    },
    series: model.series.map((series) => ({
      type: 'bar',
      name: series.name,
      stack: model.stacked ? 'total' : undefined,
      itemStyle: { color: series.color },
      barMaxWidth: 28,
      cursor: 'pointer',
      data: series.values,
    })),
  };
}

/**
 * One figure as a chart or as a table (the text alternative, also for keyboards and screen readers). Clicking a bar or
 * a table link opens the cases behind that figure row.
 */
export function FigureCard({
  id,
  title,
  model,
  loading,
  drillPath,
  onPickKey,
}: {
  id: string;
  title: string;
  model: ChartModel | undefined;
  loading: boolean;
  drillPath: (key: string) => string;
  onPickKey: (key: string) => void;
}) {
  const { l, fill } = useLeadershipI18n();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const option = useMemo(() => (model ? chartOption(model) : undefined), [model]);
  const empty = !model || model.rows.length === 0;
  const summary = model
    ? fill(l.dashboard.chartSummary, {
        title,
        items: model.rows
          .slice(0, 25)
          .map((row) => row.cells.join(': '))
          .join('; '),
      })
    : title;
  const headingId = `figure-${id}-title`;
  return (
    <Card
      loading={loading}
      data-testid={`figure-${id}`}
      title={
        <Typography.Title level={2} id={headingId} style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>
          {title}
        </Typography.Title>
      }
      extra={
        <Segmented<'chart' | 'table'>
          size="small"
          aria-label={`${l.dashboard.viewMode}: ${title}`}
          value={view}
          onChange={setView}
          options={[
            { label: l.dashboard.showChart, value: 'chart' },
            { label: l.dashboard.showTable, value: 'table' },
          ]}
        />
      }
      styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
    >
      {empty ? (
        <Empty description={l.dashboard.noData} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : view === 'chart' ? (
        <EChart
          option={option!}
          label={summary}
          height={Math.max(140, model.categories.length * 36 + (model.series.length > 1 ? 60 : 30))}
          testId={`chart-${id}`}
          onPick={({ dataIndex, seriesIndex }) => {
            const key = model.series[seriesIndex]?.keys[dataIndex];
            if (key) onPickKey(key);
          }}
        />
      ) : (
        <ScrollRegion label={title}>
          <Table
            size="small"
            pagination={false}
            aria-labelledby={headingId}
            rowKey="key"
            dataSource={model.rows}
            columns={[
              ...model.columns.map((column, index) => ({
                title: column,
                key: String(index),
                render: (_: unknown, row: ChartModel['rows'][number]) => row.cells[index],
              })),
              {
                title: '',
                key: 'cases',
                render: (_: unknown, row: ChartModel['rows'][number]) => (
                  <Link
                    to={drillPath(row.key)}
                    data-figure-key={row.key}
                    aria-label={`${l.drill.title}: ${row.cells.join(', ')}`}
                  >
                    {l.drill.title}
                  </Link>
                ),
              },
            ]}
          />
        </ScrollRegion>
      )}
    </Card>
  );
}
