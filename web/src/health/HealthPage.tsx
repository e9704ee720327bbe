import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { Page } from '../shell/Page.js';
import { FollowupsPanel } from './FollowupsPanel.js';
import { type Tab, tabsFor } from './healthApi.js';
import { ServicesPanel } from './ServicesPanel.js';
import { TargetsPanel } from './TargetsPanel.js';

/**
 * /health: 健康服务 (issue 7). /health/followups is what villages and townships open daily: what
 * is due and overdue, each follow-up's contacts until it is closed. /health/services is the
 * register of free services (recorded by the health workers); /health/targets shows a
 * screening's target group from the registry and who of it has not come (应检未检).
 */
export function HealthPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const tabs = tabsFor(me.permissions);
  const segment = location.pathname.split('/')[2] ?? '';
  const tab: Tab = (tabs as string[]).includes(segment) ? (segment as Tab) : tabs[0]!;
  return (
    <Page title={t('health.title')} subtitle={t('health.subtitle')} data-testid="health-page">
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/health/${key}`)}
        items={tabs.map((key) => ({
          key,
          label: <span data-testid={`health-tab-${key}`}>{t(`health.tabs.${key}`)}</span>,
        }))}
        style={{ marginBottom: -16 }}
      />
      <Routes>
        <Route index element={<Navigate to={`/health/${tabs[0] ?? 'services'}`} replace />} />
        {tabs.includes('followups') && <Route path="followups/*" element={<FollowupsPanel />} />}
        {tabs.includes('services') && <Route path="services/*" element={<ServicesPanel />} />}
        {tabs.includes('targets') && <Route path="targets/*" element={<TargetsPanel />} />}
        <Route path="*" element={<Navigate to={`/health/${tabs[0] ?? 'services'}`} replace />} />
      </Routes>
    </Page>
  );
}
