import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n/i18n';

/** How often the bell asks for new notifications: new items show up without a reload. */
export const NOTIFICATION_POLL_MS = 15_000;

export function NotificationBell() {
  const { m, language, fill } = useI18n();
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: ['notifications'],
    queryFn: async () => unwrap(await api.GET('/api/notifications', { params: { query: { limit: 10 } } })),
    refetchInterval: NOTIFICATION_POLL_MS,
  });
  const markRead = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const markAll = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/notifications/read-all')),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const unread = data?.unreadCount ?? 0;
  const label = fill(m.notifications.unread, { n: unread });

  const content = (
    <div style={{ width: 'min(360px, 90vw)' }}>
      <List
        size="small"
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Typography.Text>{m.notifications.empty}</Typography.Text> }}
        renderItem={(item) => (
          <List.Item
            style={{ cursor: 'pointer', background: item.readAt ? undefined : '#fff7e6' }}
            onClick={() => {
              if (!item.readAt) markRead.mutate(item.id);
              setOpen(false);
              void navigate(`/cases/${item.caseId}`);
            }}
          >
            <List.Item.Meta
              title={<a href={`/cases/${item.caseId}`}>{language === 'vi' ? item.titleVi : item.titleEn}</a>}
              description={
                <>
                  <div>{language === 'vi' ? item.bodyVi : item.bodyEn}</div>
                  <Typography.Text type="secondary">{formatDateTime(item.createdAt)}</Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
      {unread > 0 && (
        <Button type="link" onClick={() => markAll.mutate()}>
          {m.notifications.markAll}
        </Button>
      )}
    </div>
  );

  return (
    <Popover content={content} title={m.notifications.title} trigger="click" open={open} onOpenChange={setOpen}>
      <Button type="text" aria-label={label} title={label} data-testid="notification-bell" style={{ color: '#fff' }}>
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 20, color: '#fff' }} />
        </Badge>
      </Button>
    </Popover>
  );
}
