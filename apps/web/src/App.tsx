import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession, type Role } from './auth/session';
import { useI18n } from './i18n/i18n';
import { AppLayout } from './layout/AppLayout';

// One chunk per page: the first load carries the shell and the page asked for, nothing else.
const loadHomePage = () => import('./pages/HomePage');
// The start page's code is fetched while the session resumes, not after.
if (window.location.pathname === '/') void loadHomePage();
const LoginPage = lazy(() => import('./pages/LoginPage'));
const HomePage = lazy(loadHomePage);
const InboxPage = lazy(() => import('./pages/InboxPage'));
const RaiseCasePage = lazy(() => import('./pages/RaiseCasePage'));
const CasePage = lazy(() => import('./pages/CasePage'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));
const DeploymentsPage = lazy(() => import('./pages/admin/DeploymentsPage'));
const SlaPoliciesPage = lazy(() => import('./pages/admin/SlaPoliciesPage'));
const DashboardPage = lazy(() => import('./pages/leadership/DashboardPage'));
const DrillDownPage = lazy(() => import('./pages/leadership/DrillDownPage'));
const CaseAuditPage = lazy(() => import('./pages/leadership/CaseAuditPage'));
const ReportsReceivedPage = lazy(() => import('./pages/leadership/ReportsReceivedPage'));
const PolicyProposalsPage = lazy(() => import('./pages/leadership/PolicyProposalsPage'));
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage'));
const ReportPage = lazy(() => import('./pages/reports/ReportPage'));
const SupportRequestsPage = lazy(() => import('./pages/reports/SupportRequestsPage'));
const GuidancePage = lazy(() => import('./pages/guidance/GuidancePage'));
const GuidanceEntryPage = lazy(() => import('./pages/guidance/GuidanceEntryPage'));
const DecisionsPage = lazy(() => import('./pages/admin/DecisionsPage'));
const CalendarsPage = lazy(() => import('./pages/admin/CalendarsPage'));
const RoutingPage = lazy(() => import('./pages/admin/RoutingPage'));

const ANSWERERS: Role[] = ['unit_head', 'working_group', 'leadership'];
/** Who reads the audit figures (apps/api/src/audit) and the reports received. */
const OVERSEERS: Role[] = ['leadership', 'personnel', 'working_group'];

function PageLoading() {
  const { m } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin description={m.loading} />
    </div>
  );
}

function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { hasRole } = useSession();
  return hasRole(...roles) ? children : <Navigate to="/" replace />;
}

/** Where each person starts: officials at their work, answerers at their inbox, admins at the accounts. */
function StartPage() {
  const { hasRole } = useSession();
  if (hasRole('official')) return <HomePage />;
  if (hasRole(...ANSWERERS)) return <Navigate to="/inbox" replace />;
  if (hasRole('personnel')) return <Navigate to="/dashboard" replace />;
  if (hasRole('admin')) return <Navigate to="/admin/users" replace />;
  return <HomePage />;
}

function SignedInRoutes() {
  return (
    <AppLayout>
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route path="/" element={<StartPage />} />
          <Route
            path="/inbox"
            element={
              <RequireRole roles={ANSWERERS}>
                <InboxPage />
              </RequireRole>
            }
          />
          <Route
            path="/cases/new"
            element={
              <RequireRole roles={['official']}>
                <RaiseCasePage />
              </RequireRole>
            }
          />
          <Route path="/cases/:id" element={<CasePage />} />
          <Route
            path="/admin/users"
            element={
              <RequireRole roles={['admin']}>
                <UsersPage />
              </RequireRole>
            }
          />
          <Route
            path="/admin/deployments"
            element={
              <RequireRole roles={['admin']}>
                <DeploymentsPage />
              </RequireRole>
            }
          />
          <Route
            path="/admin/sla-policies"
            element={
              <RequireRole roles={['admin']}>
                <SlaPoliciesPage />
              </RequireRole>
            }
          />
          <Route
            path="/dashboard"
            element={
              <RequireRole roles={OVERSEERS}>
                <DashboardPage />
              </RequireRole>
            }
          />
          <Route
            path="/dashboard/:figure/cases"
            element={
              <RequireRole roles={OVERSEERS}>
                <DrillDownPage />
              </RequireRole>
            }
          />
          <Route
            path="/audit/cases/:id"
            element={
              <RequireRole roles={OVERSEERS}>
                <CaseAuditPage />
              </RequireRole>
            }
          />
          <Route
            path="/reports-received"
            element={
              <RequireRole roles={['leadership', 'personnel', 'working_group', 'admin']}>
                <ReportsReceivedPage />
              </RequireRole>
            }
          />
          <Route
            path="/policy-proposals"
            element={
              <RequireRole roles={OVERSEERS}>
                <PolicyProposalsPage />
              </RequireRole>
            }
          />
          <Route
            path="/reports"
            element={
              <RequireRole roles={['official']}>
                <ReportsPage />
              </RequireRole>
            }
          />
          <Route
            path="/reports/:id"
            element={
              <RequireRole roles={['official']}>
                <ReportPage />
              </RequireRole>
            }
          />
          <Route
            path="/support-requests"
            element={
              <RequireRole roles={['personnel', 'leadership']}>
                <SupportRequestsPage />
              </RequireRole>
            }
          />
          <Route path="/guidance" element={<GuidancePage />} />
          <Route path="/guidance/:id" element={<GuidanceEntryPage />} />
          <Route
            path="/admin/decisions"
            element={
              <RequireRole roles={['admin']}>
                <DecisionsPage />
              </RequireRole>
            }
          />
          <Route
            path="/admin/calendars"
            element={
              <RequireRole roles={['admin']}>
                <CalendarsPage />
              </RequireRole>
            }
          />
          <Route
            path="/admin/routing"
            element={
              <RequireRole roles={['admin']}>
                <RoutingPage />
              </RequireRole>
            }
          />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}

export function App() {
  const { language } = useI18n();
  const { me } = useSession();
  const location = useLocation();
  let content: ReactNode;
  if (me === undefined) content = <PageLoading />;
  else if (me === null || me.passwordChangeRequired)
    content =
      location.pathname === '/login' ? (
        <Suspense fallback={<PageLoading />}>
          <LoginPage />
        </Suspense>
      ) : (
        <Navigate to="/login" replace state={{ from: location.pathname }} />
      );
  else if (location.pathname === '/login') content = <Navigate to="/" replace />;
  else content = <SignedInRoutes />;
  return (
    <ConfigProvider
      locale={language === 'vi' ? viVN : enUS}
      theme={{
        // Secondary and placeholder text darker than Ant Design's defaults, to meet WCAG AA contrast.
        token: {
          colorPrimary: '#a61d24',
          borderRadius: 6,
          fontSize: 15,
          colorTextDescription: 'rgba(0, 0, 0, 0.65)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
          colorError: '#cf1322',
          colorLink: '#0a4bbd',
          // Darker, not lighter, under the pointer: a hovered link keeps AA contrast (axe checks whatever is hovered).
          colorLinkHover: '#083a94',
          colorLinkActive: '#062e75',
        },
      }}
    >
      <AntApp>{content}</AntApp>
    </ConfigProvider>
  );
}
