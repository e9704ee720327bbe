import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { Page } from '../shell/Page.js';
import { CyclesPanel } from './CyclesPanel.js';
import { FundAuditPanel } from './FundAuditPanel.js';
import { PaymentsPanel } from './PaymentsPanel.js';
import { ProgramsPanel } from './ProgramsPanel.js';
import { WorkflowPanel } from './WorkflowPanel.js';

type Tab = 'programs' | 'cycles' | 'workflow' | 'payments' | 'fundAudit';

/** Which tabs a user sees: each follows a permission, so a new role needs no change here. */
export function tabsFor(permissions: readonly string[]): Tab[] {
  const can = (p: string) => permissions.includes(p);
  const staff = ['benefit.manage', 'benefit.verify', 'benefit.review', 'benefit.approve', 'benefit.pay'].some(can);
  const tabs: Tab[] = ['programs'];
  if (staff) tabs.push('cycles', 'workflow');
  if (can('benefit.pay') || can('benefit.account')) tabs.push('payments');
  if (can('benefit.audit')) tabs.push('fundAudit');
  return tabs;
}

/**
 * /benefits: the benefit programs (issue 6). /benefits/programs shows each program's rules and
 * amounts and lets the county change an amount; /benefits/cycles generates a year's candidates
 * from the registry; /benefits/workflow is where villages verify, townships review, notices are
 * published and the county approves; /benefits/payments makes batches, exports them to the bank
 * and reconciles its results; /benefits/fundAudit is the funds auditor's read-only view.
 */
export function BenefitsPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const tabs = tabsFor(me.permissions);
  const segment = location.pathname.split('/')[2] ?? '';
  const tab: Tab = (tabs as string[]).includes(segment) ? (segment as Tab) : tabs[0]!;
  const first = tabs.includes('fundAudit') ? 'fundAudit' : 'programs';
  return (
    <Page title={t('benefits.title')} subtitle={t('benefits.subtitle')} data-testid="benefits-page">
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/benefits/${key}`)}
        items={tabs.map((key) => ({
          key,
          label: <span data-testid={`benefits-tab-${key}`}>{t(`benefits.tabs.${key}`)}</span>,
        }))}
        style={{ marginBottom: -16 }}
      />
      <Routes>
        <Route index element={<Navigate to={`/benefits/${first}`} replace />} />
        <Route path="programs/*" element={<ProgramsPanel />} />
        {tabs.includes('cycles') && <Route path="cycles/*" element={<CyclesPanel />} />}
        {tabs.includes('workflow') && <Route path="workflow/*" element={<WorkflowPanel />} />}
        {tabs.includes('payments') && <Route path="payments/*" element={<PaymentsPanel />} />}
        {tabs.includes('fundAudit') && <Route path="fundAudit/*" element={<FundAuditPanel />} />}
      </Routes>
    </Page>
  );
}
