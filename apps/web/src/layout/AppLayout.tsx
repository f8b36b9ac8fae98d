import { Button, Layout, Menu, Segmented, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { NotificationBell } from '../components/NotificationBell';
import { useI18n } from '../i18n/i18n';
import type { Language } from '../i18n/messages';

export function AppLayout({ children }: { children: ReactNode }) {
  const { m, language, setLanguage } = useI18n();
  const { me, hasRole, logout } = useSession();
  const location = useLocation();
  const navigate = useNavigate();

  const items = [
    hasRole('official') && { key: '/', label: <Link to="/">{m.nav.home}</Link> },
    hasRole('official') && { key: '/cases/new', label: <Link to="/cases/new">{m.nav.raise}</Link> },
    hasRole('unit_head', 'working_group', 'leadership') && {
      key: '/inbox',
      label: <Link to="/inbox">{m.nav.inbox}</Link>,
    },
    hasRole('leadership', 'personnel', 'working_group') && {
      key: '/dashboard',
      label: <Link to="/dashboard">{m.nav.leadDashboard}</Link>,
    },
    hasRole('leadership', 'personnel', 'working_group') && {
      key: '/reports-received',
      label: <Link to="/reports-received">{m.nav.leadReports}</Link>,
    },
    hasRole('leadership', 'personnel', 'working_group') && {
      key: '/policy-proposals',
      label: <Link to="/policy-proposals">{m.nav.leadProposals}</Link>,
    },
    hasRole('official') && { key: '/reports', label: <Link to="/reports">{m.reports.nav}</Link> },
    hasRole('official', 'unit_head', 'working_group', 'leadership', 'personnel') && {
      key: '/guidance',
      label: <Link to="/guidance">{m.guidance.nav}</Link>,
    },
    hasRole('personnel', 'leadership') && {
      key: '/support-requests',
      label: <Link to="/support-requests">{m.reports.support.navReview}</Link>,
    },
  ].filter((item) => item !== false);
  // Admin pages sit in a row of their own that wraps: in the main menu they would overflow into its hidden "…" list.
  const adminLinks = hasRole('admin')
    ? [
        { to: '/admin/users', label: m.nav.users },
        { to: '/admin/deployments', label: m.nav.deployments },
        { to: '/admin/sla-policies', label: m.nav.slaPolicies },
        { to: '/admin/decisions', label: m.admin.nav.decisions },
        { to: '/admin/calendars', label: m.admin.nav.calendars },
        { to: '/admin/routing', label: m.admin.nav.routing },
      ]
    : [];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <Link to="/" className="app-brand">
          <span className="app-brand-title">{m.appTitle}</span>
          <span className="app-brand-subtitle">{m.appSubtitle}</span>
        </Link>
        <nav aria-label={m.nav.menu} className="app-nav">
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={[location.pathname]}
            items={items}
            style={{ minWidth: 0, flex: 1, background: 'transparent' }}
          />
        </nav>
        <Space size="small" className="app-tools">
          <NotificationBell />
          <Segmented<Language>
            size="small"
            aria-label={m.language}
            value={language}
            onChange={setLanguage}
            options={[
              { label: 'VI', value: 'vi' },
              { label: 'EN', value: 'en' },
            ]}
          />
        </Space>
      </Layout.Header>
      <div className="app-userbar">
        <Typography.Text>
          {me?.displayName} · {me?.roles.map((role) => m.role[role as keyof typeof m.role] ?? role).join(', ')}
        </Typography.Text>
        <Button
          size="small"
          onClick={() => {
            void logout().then(() => navigate('/login'));
          }}
        >
          {m.logout}
        </Button>
      </div>
      {adminLinks.length > 0 && (
        <nav aria-label={m.nav.admin} className="app-adminbar">
          {adminLinks.map((link) => (
            <Link
              key={link.to}
              to={link.to}
              className={location.pathname === link.to ? 'app-adminbar-link active' : 'app-adminbar-link'}
              aria-current={location.pathname === link.to ? 'page' : undefined}
            >
              {link.label}
            </Link>
          ))}
        </nav>
      )}
      <Layout.Content className="app-content">
        <main>{children}</main>
      </Layout.Content>
    </Layout>
  );
}
