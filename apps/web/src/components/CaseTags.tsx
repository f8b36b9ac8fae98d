import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n';

/** Solid tags in dark shades: white text on them keeps a contrast ratio above 4.5:1 (WCAG AA). */
export const TAG_COLOURS = {
  red: '#a8071a',
  volcano: '#ad2102',
  orange: '#ad4e00',
  gold: '#7c4a00',
  green: '#237804',
  cyan: '#006d75',
  blue: '#0958d9',
  purple: '#531dab',
  magenta: '#9e1068',
} as const;

const STATUS_COLOURS: Record<string, string | undefined> = {
  reported: undefined,
  local_handling: TAG_COLOURS.cyan,
  escalated: TAG_COLOURS.orange,
  awaiting_info: TAG_COLOURS.purple,
  answered: TAG_COLOURS.blue,
  resolved: TAG_COLOURS.green,
  policy_proposed: TAG_COLOURS.magenta,
  closed: undefined,
};

export function StatusTag({ status }: { status: string }) {
  const { m } = useI18n();
  return <Tag color={STATUS_COLOURS[status]}>{m.status[status as keyof typeof m.status] ?? status}</Tag>;
}

export function PriorityTag({ priority }: { priority: string }) {
  const { m } = useI18n();
  const colour = priority === 'urgent' ? TAG_COLOURS.red : priority === 'high' ? TAG_COLOURS.volcano : undefined;
  return <Tag color={colour}>{m.priority[priority as keyof typeof m.priority] ?? priority}</Tag>;
}
