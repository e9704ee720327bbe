import { ReloadOutlined, ScanOutlined } from '@ant-design/icons';
import { App, Button, Flex, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { Page } from '../shell/Page.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { AlertDetailPage } from './AlertDetailPage.js';
import { AlertList } from './AlertList.js';
import { CompletenessPanel } from './CompletenessPanel.js';
import { FunnelPanel } from './FunnelPanel.js';
import { qualityApi } from './qualityApi.js';
import { ViolationList } from './ViolationList.js';

const TABS = ['alerts', 'violations', 'funnel', 'completeness'] as const;
type Tab = (typeof TABS)[number];

/**
 * /quality: alerts (with their detail at /quality/alerts/:id), rule violations, the funnel plot
 * and the completeness of village reporting, each for the caller's area. The county may scan now.
 */
export function QualityPage() {
  const { t, i18n } = useTranslation();
  const { can } = useMe();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const location = useLocation();
  const navigate = useNavigate();
  const [refresh, setRefresh] = useState(0);
  const [scanning, setScanning] = useState(false);
  const summary = useQuery(() => qualityApi.summary(), [refresh]);
  const segment = location.pathname.split('/')[2] ?? '';
  const tab: Tab = (TABS as readonly string[]).includes(segment) ? (segment as Tab) : 'alerts';

  const scan = async () => {
    setScanning(true);
    try {
      const r = await qualityApi.scan();
      void message.success(t('quality.scanDone', { ...r }));
      setRefresh((n) => n + 1);
    } catch (err) {
      showError(err);
    } finally {
      setScanning(false);
    }
  };

  const last = summary.data?.lastScan;
  const periods =
    last?.periods
      .map((p) => (p === 'current' ? t('quality.current') : t('quality.year', { year: p })))
      .join(i18n.language === 'en' ? ', ' : '、') ?? '';
  const who =
    last?.trigger === 'schedule'
      ? t('quality.triggerSchedule')
      : last?.trigger === 'cli'
        ? t('quality.triggerCli')
        : last?.userName;
  return (
    <Page
      title={t('quality.title')}
      subtitle={t('quality.subtitle')}
      data-testid="quality-page"
      extra={
        <Flex gap={12} align="center" wrap>
          <Typography.Text type="secondary" data-testid="last-scan">
            {last
              ? who
                ? t('quality.lastScanBy', { at: formatDateTime(last.startedAt), who, periods })
                : t('quality.lastScan', { at: formatDateTime(last.startedAt), periods })
              : summary.data
                ? t('quality.neverScanned')
                : ''}
          </Typography.Text>
          <Button icon={<ReloadOutlined />} onClick={() => setRefresh((n) => n + 1)}>
            {t('common.refresh')}
          </Button>
          {can('quality.scan') && (
            <Button
              type="primary"
              icon={<ScanOutlined />}
              loading={scanning}
              onClick={() => void scan()}
              data-testid="scan"
            >
              {scanning ? t('quality.scanning') : t('quality.scan')}
            </Button>
          )}
        </Flex>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/quality/${key}`)}
        items={TABS.map((key) => ({ key, label: t(`quality.tabs.${key}`) }))}
        style={{ marginBottom: -16 }}
      />
      <Routes>
        <Route index element={<AlertList key={refresh} summary={summary.data} />} />
        <Route path="alerts" element={<AlertList key={refresh} summary={summary.data} />} />
        <Route
          path="alerts/:id"
          element={<AlertDetailPage key={refresh} onChanged={() => setRefresh((n) => n + 1)} />}
        />
        <Route path="violations" element={<ViolationList key={refresh} />} />
        <Route path="funnel" element={<FunnelPanel key={refresh} />} />
        <Route path="completeness" element={<CompletenessPanel key={refresh} />} />
      </Routes>
    </Page>
  );
}
