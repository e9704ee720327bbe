import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Page } from '../shell/Page.js';
import { CyclesPanel } from './CyclesPanel.js';
import { ProgramsPanel } from './ProgramsPanel.js';

type Tab = 'programs' | 'cycles';
const TABS: Tab[] = ['programs', 'cycles'];

/**
 * /benefits: the benefit programs (issue 6). /benefits/programs shows each program's rules and
 * amounts and lets the county change an amount; /benefits/cycles generates a year's candidates
 * from the registry, each with the reason they qualify or not.
 */
export function BenefitsPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const segment = location.pathname.split('/')[2] ?? '';
  const tab: Tab = (TABS as string[]).includes(segment) ? (segment as Tab) : 'programs';
  return (
    <Page title={t('benefits.title')} subtitle={t('benefits.subtitle')} data-testid="benefits-page">
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/benefits/${key}`)}
        items={TABS.map((key) => ({ key, label: <span data-testid={`benefits-tab-${key}`}>{t(`benefits.tabs.${key}`)}</span> }))}
        style={{ marginBottom: -16 }}
      />
      <Routes>
        <Route index element={<Navigate to="/benefits/programs" replace />} />
        <Route path="programs/*" element={<ProgramsPanel />} />
        <Route path="cycles/*" element={<CyclesPanel />} />
      </Routes>
    </Page>
  );
}
