import { Tag } from 'antd';
import { urgencyOf, workingDuration, type Urgency } from '../format';
import { useI18n } from '../i18n/i18n';
import { TAG_COLOURS } from './CaseTags';

const COLOURS: Record<Urgency, string | undefined> = {
  overdue: TAG_COLOURS.red,
  critical: TAG_COLOURS.volcano,
  soon: TAG_COLOURS.gold,
  comfortable: TAG_COLOURS.green,
  paused: TAG_COLOURS.blue,
  none: undefined,
};

/** "còn 5 giờ làm việc", coloured by urgency (the words carry the meaning too, not only the colour). */
export function DeadlineTag({ workingTimeLeftMs, paused }: { workingTimeLeftMs: number | null; paused: boolean }) {
  const { m, fill } = useI18n();
  const urgency = urgencyOf(workingTimeLeftMs, paused);
  if (workingTimeLeftMs === null) return <Tag>{m.deadline.none}</Tag>;
  const t = workingDuration(workingTimeLeftMs, m.deadline);
  const text =
    urgency === 'paused'
      ? fill(m.deadline.paused, { t })
      : urgency === 'overdue'
        ? fill(m.deadline.overdue, { t })
        : fill(m.deadline.left, { t });
  return (
    <Tag color={COLOURS[urgency]} data-urgency={urgency} style={{ fontWeight: 600 }}>
      {text}
    </Tag>
  );
}
