import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { Page } from '../shell/Page.js';
import { FiguresPanel } from './FiguresPanel.js';
import { ReviewQueue } from './ReviewQueue.js';
import { TaskList } from './TaskList.js';

type Tab = 'review' | 'tasks' | 'figures';

/**
 * /linkage: departments' feeds linked to the registry (issue 5). Reviewers (township, county)
 * decide uncertain pairs at /linkage/review; everyone in the area sees the findings and resolves
 * the village's tasks at /linkage/tasks; /linkage/figures has the match and under-reporting rates
 * and the capture–recapture estimate of births. A village worker sees tasks and figures only.
 */
export function LinkagePage() {
  const { t } = useTranslation();
  const { can } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const tabs: Tab[] = can('linkage.review') ? ['review', 'tasks', 'figures'] : ['tasks', 'figures'];
  const segment = location.pathname.split('/')[2] ?? '';
  const tab: Tab = (tabs as string[]).includes(segment) ? (segment as Tab) : tabs[0]!;

  return (
    <Page title={t('linkage.title')} subtitle={t('linkage.subtitle')} data-testid="linkage-page">
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/linkage/${key}`)}
        items={tabs.map((key) => ({
          key,
          label: <span data-testid={`linkage-tab-${key}`}>{t(`linkage.tabs.${key}`)}</span>,
        }))}
        style={{ marginBottom: -16 }}
      />
      <Routes>
        <Route index element={<Navigate to={`/linkage/${tabs[0]}`} replace />} />
        {can('linkage.review') && <Route path="review" element={<ReviewQueue />} />}
        <Route path="tasks" element={<TaskList />} />
        <Route path="figures" element={<FiguresPanel />} />
        <Route path="*" element={<Navigate to={`/linkage/${tabs[0]}`} replace />} />
      </Routes>
    </Page>
  );
}
