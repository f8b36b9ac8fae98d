import { useQuery } from '@tanstack/react-query';
import { Alert, List, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { fetchSuggestions } from '../api/guidance';
import { useI18n } from '../i18n/i18n';
import type { Messages } from '../i18n/messages';
import { Highlighted } from './Highlighted';

/** Waits until the value has not changed for `ms`, so typing does not send a request per key. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * While an official types an issue: guidance that may already answer it, and open cases that may be the same issue
 * (`GET /api/suggestions`). Links open in a new tab so the form keeps what was typed; a duplicate is linked or merged
 * from the case page once raised.
 */
export function RaiseSuggestions({
  title,
  description,
  provinceCode,
}: {
  title?: string;
  description?: string;
  provinceCode?: string;
}) {
  const { m } = useI18n();
  const s = m.guidance.suggestions;
  const settled = useSettled({ title: title?.trim() ?? '', description: description?.trim() ?? '', provinceCode }, 600);
  const suggestions = useQuery({
    queryKey: ['suggestions', settled],
    enabled: settled.title.length >= 5,
    queryFn: () => fetchSuggestions(settled.title, settled.description.slice(0, 2000), settled.provinceCode),
    staleTime: 60_000,
  });
  const data = suggestions.data;
  if (!data || (data.guidance.length === 0 && data.similarOpenCases.length === 0)) return null;
  return (
    <Alert
      type="info"
      style={{ marginBottom: 16 }}
      data-testid="raise-suggestions"
      title={s.title}
      description={
        <>
          {data.guidance.length > 0 && (
            <>
              <Typography.Text strong>{s.guidance}</Typography.Text>
              <List
                size="small"
                dataSource={data.guidance}
                renderItem={(hit) => (
                  <List.Item key={hit.id}>
                    <Link to={`/guidance/${hit.id}`} target="_blank" rel="noopener">
                      <Highlighted snippet={hit.questionHighlighted} />
                    </Link>
                  </List.Item>
                )}
              />
            </>
          )}
          {data.similarOpenCases.length > 0 && (
            <>
              <Typography.Text strong>{s.cases}</Typography.Text>
              <List
                size="small"
                dataSource={data.similarOpenCases}
                renderItem={(item) => (
                  <List.Item key={item.id}>
                    <Link to={`/cases/${item.id}`} target="_blank" rel="noopener">
                      {item.title}
                    </Link>{' '}
                    <Typography.Text type="secondary">
                      · {m.status[item.status as keyof Messages['status']] ?? item.status}
                    </Typography.Text>
                  </List.Item>
                )}
              />
              <Typography.Text type="secondary">{s.casesHint}</Typography.Text>
            </>
          )}
        </>
      }
    />
  );
}
