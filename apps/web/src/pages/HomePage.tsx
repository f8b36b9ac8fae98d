import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Col, Row, Space, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { myWorkQuery } from '../api/my-work-query';
import { useSession } from '../auth/session';
import { CaseList } from '../components/CaseList';
import { ErrorAlert } from '../components/ErrorAlert';
import { useI18n } from '../i18n/i18n';

// Below the fold, with the heavier Select and Input: loaded after the official's own cases show.
const CaseSearch = lazy(() => import('../components/CaseSearch'));

export default function HomePage() {
  const { m } = useI18n();
  const { me } = useSession();
  const work = useQuery({
    ...myWorkQuery,
    refetchInterval: 30_000,
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {m.home.title}
        </Typography.Title>
        {(me?.provinceCodes.length ?? 0) > 0 && (
          <Link to="/cases/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {m.nav.raise}
            </Button>
          </Link>
        )}
      </div>
      <ErrorAlert error={work.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            title={
              <h2 className="card-heading">
                {m.home.needsMe} <Badge count={work.data?.totals.needsMyInput ?? 0} showZero color="#a61d24" />
              </h2>
            }
          >
            <Typography.Paragraph type="secondary">{m.home.needsMeHint}</Typography.Paragraph>
            <CaseList items={work.data?.needsMyInput ?? []} loading={work.isLoading} testId="needs-my-input" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={
              <h2 className="card-heading">
                {m.home.myOpen} <Badge count={work.data?.totals.myOpenCases ?? 0} showZero color="#595959" />
              </h2>
            }
          >
            <CaseList items={work.data?.myOpenCases ?? []} loading={work.isLoading} testId="my-open-cases" />
          </Card>
        </Col>
      </Row>
      <Suspense fallback={null}>
        <CaseSearch />
      </Suspense>
    </Space>
  );
}
