import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Page } from '../shell/Page.js';
import { FamiliesPanel } from './FamiliesPanel.js';
import { FundsPanel } from './FundsPanel.js';
import { VisitsPanel } from './VisitsPanel.js';

const TABS = ['families', 'visits', 'funds'] as const;
type Tab = (typeof TABS)[number];

/**
 * /care: 生育关怀 (docs/care.md). /care/families is the register (filters, staff flag, registry
 * scan, the family drawer with visits and assistance); /care/visits the visits of a period;
 * /care/funds the assistance per year × township × fund source. The route itself needs
 * care.manage or care.grant; each form inside follows its own permission.
 */
export function CarePage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const segment = location.pathname.split('/')[2] ?? '';
  const tab: Tab = (TABS as readonly string[]).includes(segment) ? (segment as Tab) : 'families';
  return (
    <Page title={t('care.title')} subtitle={t('care.subtitle')} data-testid="care-page">
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/care/${key}`)}
        items={TABS.map((key) => ({
          key,
          label: <span data-testid={`care-tab-${key}`}>{t(`care.tabs.${key}`)}</span>,
        }))}
        style={{ marginBottom: -16 }}
      />
      <Routes>
        <Route index element={<Navigate to="/care/families" replace />} />
        <Route path="families/*" element={<FamiliesPanel />} />
        <Route path="visits/*" element={<VisitsPanel />} />
        <Route path="funds/*" element={<FundsPanel />} />
      </Routes>
    </Page>
  );
}
