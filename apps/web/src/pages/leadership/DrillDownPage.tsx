import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Card, List, Space, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { PriorityTag, StatusTag } from '../../components/CaseTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFields, useProvinces } from '../../components/reference';
import { formatDate, workingDuration } from '../../format';
import { useLeadershipI18n } from '../../i18n/messages-leadership';
import { fetchDrillDown, fetchFigure, filtersFrom, type FigureName } from './audit-data';

/** The cases behind one figure row (the audit API's drill-down, page by page), each opening its audit and its case. */
export default function DrillDownPage() {
  const { m, l, fill, language } = useLeadershipI18n();
  const { figure } = useParams() as { figure: FigureName };
  const [search] = useSearchParams();
  const key = search.get('key');
  const filters = filtersFrom(search);
  const fields = useFields();
  const provinces = useProvinces();
  const definition = useQuery({
    queryKey: ['audit', 'figure', figure, filters],
    queryFn: () => fetchFigure(figure, filters),
  });
  const pages = useInfiniteQuery({
    queryKey: ['audit', 'drill-down', figure, key, filters],
    queryFn: ({ pageParam }) => fetchDrillDown(figure, key, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const fieldName = (code: string) => {
    const found = fields.data?.find((field) => field.code === code);
    return found ? (language === 'vi' ? found.nameVi : found.nameEn) : code;
  };
  const provinceName = (code: string) => provinces.data?.find((province) => province.code === code)?.name ?? code;
  const levelName = (code: string) =>
    m.level[code as keyof typeof m.level] ?? l.levelKey[code as keyof typeof l.levelKey] ?? code;
  /** The figure row's key as words: "Thủ trưởng đơn vị", "Thành phố Hà Nội · Dưới 7 ngày", "Tổ công tác → Lãnh đạo Bộ". */
  const keyLabel = (value: string): string => {
    if (value.startsWith('level:')) return levelName(value.slice(6));
    if (value.startsWith('unit:')) return value.slice(5);
    if (value.includes('>')) return value.split('>').map(levelName).join(' → ');
    if (value.includes('|')) {
      const [code, bucket] = value.split('|');
      const place =
        figure === 'backlog-field' ? fieldName(code) : figure === 'backlog-province' ? provinceName(code) : code;
      return `${place} · ${l.age[bucket as keyof typeof l.age] ?? bucket}`;
    }
    if (figure === 'policy-proposals')
      return (
        m.decision[value as keyof typeof m.decision] ?? l.proposalKey[value as keyof typeof l.proposalKey] ?? value
      );
    return levelName(value);
  };
  const title = definition.data ? (language === 'vi' ? definition.data.titleVi : definition.data.titleEn) : '';
  const back = new URLSearchParams(search);
  back.delete('key');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={`/dashboard?${back.toString()}`}>← {l.drill.back}</Link>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {l.drill.title}
      </Typography.Title>
      <Typography.Text>
        {title}
        {key ? ` — ${keyLabel(key)}` : ''}
      </Typography.Text>
      <ErrorAlert error={pages.error ?? definition.error} />
      <Card>
        <List
          data-testid="drill-down"
          loading={pages.isLoading}
          dataSource={items}
          header={
            pages.data ? (
              <Typography.Text strong>
                {fill(l.drill.count, { n: items.length })}
                {pages.hasNextPage ? '+' : ''}
              </Typography.Text>
            ) : null
          }
          locale={{ emptyText: <Typography.Text>{m.home.empty}</Typography.Text> }}
          renderItem={(item) => (
            <List.Item
              data-case-id={item.caseId}
              actions={[
                <Link key="audit" to={`/audit/cases/${item.caseId}`} aria-label={`${l.drill.audit}: ${item.title}`}>
                  {l.drill.audit}
                </Link>,
                <Link key="case" to={`/cases/${item.caseId}`} aria-label={`${l.drill.openCase}: ${item.title}`}>
                  {l.drill.openCase}
                </Link>,
              ]}
            >
              <div style={{ width: '100%', minWidth: 0 }}>
                <Link
                  to={`/audit/cases/${item.caseId}`}
                  style={{ fontWeight: 600, fontSize: 16, overflowWrap: 'anywhere' }}
                >
                  {item.title}
                </Link>
                <Space size={[4, 4]} wrap style={{ display: 'flex', marginTop: 6 }}>
                  <StatusTag status={item.status} />
                  <PriorityTag priority={item.priority} />
                  {item.currentLevel && (
                    <span>{m.level[item.currentLevel as keyof typeof m.level] ?? item.currentLevel}</span>
                  )}
                </Space>
                <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
                  {fieldName(item.field)} · {provinceName(item.provinceCode)} · {l.drill.raisedAt.toLowerCase()}{' '}
                  {formatDate(item.raisedAt)}
                  {item.firstAnswerWorkingMs !== null &&
                    ` · ${l.drill.firstAnswer.toLowerCase()} ${workingDuration(item.firstAnswerWorkingMs, m.deadline)}`}
                  {item.breachCount > 0 && ` · ${l.drill.breaches.toLowerCase()}: ${item.breachCount}`}
                  {item.autoEscalationCount > 0 &&
                    ` · ${l.drill.autoEscalations.toLowerCase()}: ${item.autoEscalationCount}`}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
        {pages.hasNextPage && (
          <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
            {l.drill.more}
          </Button>
        )}
      </Card>
    </Space>
  );
}
