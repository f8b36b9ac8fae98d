import { useEffect, useRef } from 'react';
import { echarts, type EChartsCoreOption } from './echarts';

/** A point of a chart the user clicked: the category (bar group) and the series (segment) index. */
export interface ChartPoint {
  dataIndex: number;
  seriesIndex: number;
}

/**
 * An ECharts chart drawn as SVG. The chart itself is hidden from assistive technology behind one `role="img"` with a
 * text summary (`label`); the figures are also offered as a table next to it (see FigureCard).
 */
export function EChart({
  option,
  label,
  height,
  onPick,
  testId,
}: {
  option: EChartsCoreOption;
  label: string;
  height: number;
  onPick: (point: ChartPoint) => void;
  testId?: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  }, [onPick]);

  useEffect(() => {
    const instance = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => {
      const point = params as unknown as { dataIndex: number; seriesIndex?: number };
      pick.current({ dataIndex: point.dataIndex, seriesIndex: point.seriesIndex ?? 0 });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
