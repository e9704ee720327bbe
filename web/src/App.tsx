import { App as AntApp, ConfigProvider, type ConfigProviderProps, Result } from 'antd';
import * as enUSLocale from 'antd/es/locale/en_US.js';
import * as zhCNLocale from 'antd/es/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import {
  type ComponentType,
  type ReactNode,
  Suspense,
  lazy,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { MeContext, type MeContextValue, useMe } from './accounts/useMe.js';
import { ApiError, api, onAuthProblem } from './api/api.js';
import { clearCache } from './api/cache.js';
import type { Me, Permission } from './api/types.js';
import { homePath, mayImport } from './shell/menu.js';
import { PageLoading } from './shell/PageLoading.js';

/**
 * Every page is its own chunk, loaded when its route is first opened: the login page does not
 * wait for the report forms, and a village worker never downloads the audit page.
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType<any>>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}
const AppShell = page(() => import('./shell/AppShell.js'), 'AppShell');
const LoginPage = page(() => import('./accounts/LoginPage.js'), 'LoginPage');
const ChangePasswordPage = page(() => import('./accounts/ChangePasswordPage.js'), 'ChangePasswordPage');
const UsersPage = page(() => import('./accounts/UsersPage.js'), 'UsersPage');
const AuditPage = page(() => import('./audit/AuditPage.js'), 'AuditPage');
const ImportPage = page(() => import('./imports/ImportPage.js'), 'ImportPage');
const FeedsPage = page(() => import('./feeds/FeedsPage.js'), 'FeedsPage');
const LinkagePage = page(() => import('./linkage/LinkagePage.js'), 'LinkagePage');
const BenefitsPage = page(() => import('./benefits/BenefitsPage.js'), 'BenefitsPage');
const HealthPage = page(() => import('./health/HealthPage.js'), 'HealthPage');
const CarePage = page(() => import('./care/CarePage.js'), 'CarePage');
const PetitionsPage = page(() => import('./petitions/PetitionsPage.js'), 'PetitionsPage');
const CasesPage = page(() => import('./cases/CasesPage.js'), 'CasesPage');
const DispensersPage = page(() => import('./dispensers/DispensersPage.js'), 'DispensersPage');
const OrgPage = page(() => import('./org/OrgPage.js'), 'OrgPage');
const ImportBatchPage = page(() => import('./imports/ImportBatchPage.js'), 'ImportBatchPage');
const HouseholdListPage = page(() => import('./registry/HouseholdListPage.js'), 'HouseholdListPage');
const HouseholdPage = page(() => import('./registry/HouseholdPage.js'), 'HouseholdPage');
const PersonPage = page(() => import('./registry/PersonPage.js'), 'PersonPage');
const PersonSearchPage = page(() => import('./registry/PersonSearchPage.js'), 'PersonSearchPage');
const ReportFormPage = page(() => import('./reporting/ReportFormPage.js'), 'ReportFormPage');
const ReportListPage = page(() => import('./reporting/ReportListPage.js'), 'ReportListPage');
const ReportPage = page(() => import('./reporting/ReportPage.js'), 'ReportPage');
const ReviewQueuePage = page(() => import('./reporting/ReviewQueuePage.js'), 'ReviewQueuePage');
const TodoPage = page(() => import('./reporting/TodoPage.js'), 'TodoPage');
const DashboardPage = page(() => import('./dashboard/DashboardPage.js'), 'DashboardPage');
const IndicatorsPage = page(() => import('./indicators/IndicatorsPage.js'), 'IndicatorsPage');
const QualityPage = page(() => import('./quality/QualityPage.js'), 'QualityPage');
const AnnualReportPage = page(() => import('./annualReport/AnnualReportPage.js'), 'AnnualReportPage');

type AntLocale = NonNullable<ConfigProviderProps['locale']>;

/**
 * antd's locale files are ES modules typed as CommonJS: depending on who resolves them the
 * locale is the default export or the default's default. Take whichever carries `locale`.
 */
function antLocale(module: unknown): AntLocale {
  let value = module as { locale?: unknown; default?: unknown } | undefined;
  for (let i = 0; i < 3 && value && typeof value.locale !== 'string'; i++) {
    value = value.default as typeof value;
  }
  return value as AntLocale;
}
const enUS = antLocale(enUSLocale);
const zhCN = antLocale(zhCNLocale);

/** A page for those who hold one of `permission`, or for whom `allow` says yes. */
function RequirePermission({
  permission = [],
  allow,
  children,
}: {
  permission?: Permission[];
  allow?: (me: Me) => boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { me, can } = useMe();
  if (!permission.some((p) => can(p)) && !allow?.(me)) {
    return <Result status="403" title={t('common.forbidden')} extra={<Link to="/">{t('common.goHome')}</Link>} />;
  }
  return <>{children}</>;
}

function Home() {
  const { me, can } = useMe();
  if (can('report.create') || can('report.review') || can('report.confirm')) return <TodoPage />;
  return <Navigate to={homePath(me)} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('common.pageNotFound')} extra={<Link to="/">{t('common.goHome')}</Link>} />;
}

/** Back to the page that asked for a login, or the user's home page. */
function AfterLogin({ me }: { me: Me }) {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  // The bare address means "the app": land on the user's home page, not necessarily the to-do list.
  const usable = from && from !== '/' && from !== '/login' && from !== '/account/password';
  return <Navigate to={usable ? from : homePath(me)} replace />;
}

/** Routes for a logged-in user; a pending password change allows nothing else. */
function LoggedInRoutes({ me }: { me: Me }) {
  if (me.mustChangePassword) {
    return (
      <Routes>
        <Route path="/account/password" element={<ChangePasswordPage forced />} />
        <Route path="*" element={<Navigate to="/account/password" replace />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route path="/login" element={<AfterLogin me={me} />} />
      <Route element={<AppShell />}>
        <Route index element={<Home />} />
        <Route path="/account/password" element={<ChangePasswordPage />} />
        <Route
          path="/persons"
          element={
            <RequirePermission permission={['person.read']}>
              <PersonSearchPage />
            </RequirePermission>
          }
        />
        <Route path="/persons/:id" element={<PersonPage />} />
        <Route
          path="/households"
          element={
            <RequirePermission permission={['person.read']}>
              <HouseholdListPage />
            </RequirePermission>
          }
        />
        <Route path="/households/:id" element={<HouseholdPage />} />
        <Route
          path="/reports/new/:type?"
          element={
            <RequirePermission permission={['report.create']}>
              <ReportFormPage />
            </RequirePermission>
          }
        />
        <Route path="/reports/mine" element={<ReportListPage queue="mine" />} />
        <Route path="/reports" element={<ReportListPage queue="all" />} />
        <Route path="/reports/:id" element={<ReportPage />} />
        <Route
          path="/reports/:id/edit"
          element={
            <RequirePermission permission={['report.create']}>
              <ReportFormPage />
            </RequirePermission>
          }
        />
        <Route
          path="/review"
          element={
            <RequirePermission permission={['report.review']}>
              <ReviewQueuePage queue="review" />
            </RequirePermission>
          }
        />
        <Route
          path="/confirm"
          element={
            <RequirePermission permission={['report.confirm']}>
              <ReviewQueuePage queue="confirm" />
            </RequirePermission>
          }
        />
        <Route
          path="/dashboard"
          element={
            <RequirePermission permission={['person.read']}>
              <DashboardPage />
            </RequirePermission>
          }
        />
        <Route
          path="/indicators/*"
          element={
            <RequirePermission permission={['person.read']}>
              <IndicatorsPage />
            </RequirePermission>
          }
        />
        <Route
          path="/quality/*"
          element={
            <RequirePermission permission={['person.read']}>
              <QualityPage />
            </RequirePermission>
          }
        />
        <Route
          path="/annual-report"
          element={
            <RequirePermission permission={['person.read']}>
              <AnnualReportPage />
            </RequirePermission>
          }
        />
        <Route
          path="/imports"
          element={
            <RequirePermission allow={mayImport}>
              <ImportPage />
            </RequirePermission>
          }
        />
        <Route
          path="/imports/:id"
          element={
            <RequirePermission allow={mayImport}>
              <ImportBatchPage />
            </RequirePermission>
          }
        />
        <Route
          path="/feeds/*"
          element={
            <RequirePermission permission={['feed.manage']}>
              <FeedsPage />
            </RequirePermission>
          }
        />
        <Route
          path="/linkage/*"
          element={
            <RequirePermission permission={['linkage.review', 'report.create', 'feed.manage']}>
              <LinkagePage />
            </RequirePermission>
          }
        />
        <Route
          path="/benefits/*"
          element={
            <RequirePermission
              permission={[
                'benefit.manage',
                'benefit.verify',
                'benefit.review',
                'benefit.approve',
                'benefit.pay',
                'benefit.audit',
              ]}
            >
              <BenefitsPage />
            </RequirePermission>
          }
        />
        <Route
          path="/health/*"
          element={
            <RequirePermission permission={['health.record', 'health.findings', 'health.followup', 'health.read']}>
              <HealthPage />
            </RequirePermission>
          }
        />
        <Route
          path="/care/*"
          element={
            <RequirePermission permission={['care.manage', 'care.grant']}>
              <CarePage />
            </RequirePermission>
          }
        />
        <Route
          path="/petitions/*"
          element={
            <RequirePermission permission={['petition.register', 'petition.handle']}>
              <PetitionsPage />
            </RequirePermission>
          }
        />
        <Route
          path="/cases/*"
          element={
            <RequirePermission permission={['case.handle']}>
              <CasesPage />
            </RequirePermission>
          }
        />
        <Route
          path="/dispensers/*"
          element={
            <RequirePermission permission={['dispenser.manage']}>
              <DispensersPage />
            </RequirePermission>
          }
        />
        <Route
          path="/org"
          element={
            <RequirePermission permission={['org.manage']}>
              <OrgPage />
            </RequirePermission>
          }
        />
        <Route
          path="/users"
          element={
            <RequirePermission permission={['user.manage']}>
              <UsersPage />
            </RequirePermission>
          }
        />
        <Route
          path="/audit"
          element={
            <RequirePermission permission={['audit.read']}>
              <AuditPage />
            </RequirePermission>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function Session() {
  const location = useLocation();
  const [me, setMeState] = useState<Me | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const setMe = useCallback((next: Me | null) => {
    clearCache();
    setMeState(next);
    if (next) setExpired(false);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const next = await api.me();
      setMeState(next);
      return next;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setMeState(null);
        return null;
      }
      throw err;
    }
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      clearCache();
      setMeState(null);
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setMeState(null));
  }, [refresh]);

  const meRef = useRef(me);
  meRef.current = me;

  useEffect(
    () =>
      onAuthProblem((problem) => {
        if (problem === 'UNAUTHORIZED') {
          clearCache();
          if (meRef.current) setExpired(true);
          setMeState(null);
        } else {
          void refresh();
        }
      }),
    [refresh],
  );

  const value: MeContextValue = useMemo(
    () => ({ me: me ?? null, setMe, refresh, logout }),
    [me, setMe, refresh, logout],
  );

  if (me === undefined) return <PageLoading fullScreen />;

  return (
    <MeContext.Provider value={value}>
      <Suspense fallback={<PageLoading fullScreen />}>
        {me ? (
          <LoggedInRoutes me={me} />
        ) : (
          <Routes>
            <Route path="/login" element={<LoginPage expired={expired} onLoggedIn={setMe} />} />
            <Route
              path="*"
              element={<Navigate to="/login" replace state={{ from: location.pathname + location.search }} />}
            />
          </Routes>
        )}
      </Suspense>
    </MeContext.Provider>
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  useEffect(() => {
    dayjs.locale(english ? 'en' : 'zh-cn');
    document.title = t('app.title');
  }, [english, t]);
  return (
    <ConfigProvider
      locale={english ? enUS : zhCN}
      theme={{
        token: { colorPrimary: '#1f6fd1', borderRadius: 6 },
        components: { Layout: { headerHeight: 56, headerPadding: '0 24px' } },
      }}
    >
      <AntApp>
        <BrowserRouter>
          <Session />
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
