import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n';

const STATUS_COLOURS: Record<string, string> = {
  reported: 'default',
  local_handling: 'cyan',
  escalated: 'orange',
  awaiting_info: 'purple',
  answered: 'blue',
  resolved: 'green',
  policy_proposed: 'magenta',
  closed: 'default',
};

export function StatusTag({ status }: { status: string }) {
  const { m } = useI18n();
  return <Tag color={STATUS_COLOURS[status]}>{m.status[status as keyof typeof m.status] ?? status}</Tag>;
}

export function PriorityTag({ priority }: { priority: string }) {
  const { m } = useI18n();
  const colour = priority === 'urgent' ? 'red' : priority === 'high' ? 'orange' : undefined;
  return <Tag color={colour}>{m.priority[priority as keyof typeof m.priority] ?? priority}</Tag>;
}
