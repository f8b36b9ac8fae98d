import { List, Space, Typography } from 'antd';
import { Link } from 'react-router';
import type { components } from '../api/generated/schema';
import { formatDate } from '../format';
import { useI18n } from '../i18n/i18n';
import { PriorityTag, StatusTag } from './CaseTags';
import { DeadlineTag } from './DeadlineTag';
import { useFields } from './reference';

type CaseView = components['schemas']['CaseView'];
type MyWorkItem = components['schemas']['MyWorkItemView'];

function isWorkItem(item: CaseView | MyWorkItem): item is MyWorkItem {
  return 'workingTimeLeftMs' in item;
}

/** Cases as cards that stack on a phone: title, state, priority, field, place, deadline. */
export function CaseList({
  items,
  loading,
  testId,
}: {
  items: Array<CaseView | MyWorkItem>;
  loading?: boolean;
  testId?: string;
}) {
  const { m, language } = useI18n();
  const fields = useFields();
  const fieldName = (code: string) => {
    const field = fields.data?.find((candidate) => candidate.code === code);
    return field ? (language === 'vi' ? field.nameVi : field.nameEn) : code;
  };
  return (
    <List
      data-testid={testId}
      loading={loading}
      dataSource={items}
      locale={{ emptyText: <Typography.Text>{m.home.empty}</Typography.Text> }}
      renderItem={(item) => (
        <List.Item data-case-id={item.id}>
          <div style={{ width: '100%' }}>
            <Link to={`/cases/${item.id}`} style={{ fontWeight: 600, fontSize: 16 }}>
              {item.title}
            </Link>
            <Space size={[4, 4]} wrap style={{ display: 'flex', marginTop: 6 }}>
              {isWorkItem(item) && item.workingTimeLeftMs !== null && (
                <DeadlineTag workingTimeLeftMs={item.workingTimeLeftMs} paused={item.deadlinePaused} />
              )}
              <StatusTag status={item.status} />
              <PriorityTag priority={item.priority} />
              {item.escalationLevel && <span>{m.level[item.escalationLevel]}</span>}
            </Space>
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
              {fieldName(item.field)} · {m.case.raisedAt.toLowerCase()} {formatDate(item.raisedAt)} · {item.communeCode}
            </Typography.Text>
          </div>
        </List.Item>
      )}
    />
  );
}
