import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Page } from '../shell/Page.js';
import { FeedBatchList } from './FeedBatchList.js';
import { FeedBatchPage } from './FeedBatchPage.js';
import { FeedCredentials } from './FeedCredentials.js';
import { FeedUploadCard } from './FeedUploadCard.js';

const TABS = ['batches', 'upload', 'credentials'] as const;
type Tab = (typeof TABS)[number];

/**
 * /feeds: the feeds departments sent (list, and each batch at /feeds/batches/:id with its
 * records and problems), the upload form, and the departments' API credentials.
 */
export function FeedsPage() {
  return (
    <Routes>
      <Route path="batches/:id" element={<FeedBatchPage />} />
      <Route path="*" element={<FeedsHome />} />
    </Routes>
  );
}

function FeedsHome() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const segment = location.pathname.split('/')[2] ?? '';
  const tab: Tab = (TABS as readonly string[]).includes(segment) ? (segment as Tab) : 'batches';
  return (
    <Page title={t('feeds.title')} subtitle={t('feeds.subtitle')} data-testid="feeds-page">
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(key === 'batches' ? '/feeds' : `/feeds/${key}`)}
        items={TABS.map((key) => ({
          key,
          label: <span data-testid={`feeds-tab-${key}`}>{t(`feeds.tabs.${key}`)}</span>,
        }))}
      />
      {tab === 'batches' && <FeedBatchList />}
      {tab === 'upload' && <FeedUploadCard onOpen={(id) => navigate(`/feeds/batches/${id}`)} />}
      {tab === 'credentials' && <FeedCredentials />}
    </Page>
  );
}
