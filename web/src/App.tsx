import { App as AntApp, ConfigProvider, type ConfigProviderProps, Result, Spin } from 'antd';
import * as enUSLocale from 'antd/es/locale/en_US.js';
import * as zhCNLocale from 'antd/es/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BrowserRouter,
  Link,
  Navigate,
  Route,
  Routes,
  useLocation,
} from 'react-router-dom';
import { ChangePasswordPage } from './accounts/ChangePasswordPage.js';
import { LoginPage } from './accounts/LoginPage.js';
import { MeContext, type MeContextValue, useMe } from './accounts/useMe.js';
import { UsersPage } from './accounts/UsersPage.js';
import { ApiError, api, onAuthProblem } from './api/api.js';
import { clearCache } from './api/cache.js';
import type { Me, Permission } from './api/types.js';
import { AuditPage } from './audit/AuditPage.js';
import { HouseholdPage } from './registry/HouseholdPage.js';
import { PersonPage } from './registry/PersonPage.js';
import { PersonSearchPage } from './registry/PersonSearchPage.js';
import { ReportFormPage } from './reporting/ReportFormPage.js';
import { ReportListPage } from './reporting/ReportListPage.js';
import { ReportPage } from './reporting/ReportPage.js';
import { ReviewQueuePage } from './reporting/ReviewQueuePage.js';
import { TodoPage } from './reporting/TodoPage.js';
import { AppShell } from './shell/AppShell.js';
import { homePath } from './shell/menu.js';

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

function RequirePermission({ permission, children }: { permission: Permission[]; children: ReactNode }) {
  const { t } = useTranslation();
  const { can } = useMe();
  if (!permission.some((p) => can(p))) {
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
  const usable = from && from !== '/login' && from !== '/account/password';
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

  if (me === undefined) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
        <Spin size="large" />
      </div>
    );
  }

  return (
    <MeContext.Provider value={value}>
      {me ? (
        <LoggedInRoutes me={me} />
      ) : (
        <Routes>
          <Route
            path="/login"
            element={
              <LoginPage
                expired={expired}
                onLoggedIn={setMe}
              />
            }
          />
          <Route
            path="*"
            element={<Navigate to="/login" replace state={{ from: location.pathname + location.search }} />}
          />
        </Routes>
      )}
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
