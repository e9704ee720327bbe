import { Card, Empty, List, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { dashboardApi } from './dashboardApi.js';

const SEVERITY_COLOR = { high: 'red', medium: 'orange', low: 'blue' } as const;

/** The unit's open data-quality alerts, five at most, each linking to what it rests on. */
export function AlertsCard({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const query = useQuery(() => dashboardApi.openAlerts(unitId), [unitId]);
  return (
    <Card
      size="small"
      title={t('dashboard.alerts.title')}
      extra={
        <Link to={`/quality?unitId=${unitId}`}>
          {query.data && query.data.total > 0
            ? t('dashboard.alerts.all', { count: query.data.total })
            : t('dashboard.alerts.open')}
        </Link>
      }
      style={{ height: '100%' }}
      data-testid="alerts-card"
    >
      {query.loading && !query.data ? (
        <Skeleton active paragraph={{ rows: 4 }} title={false} />
      ) : query.error ? (
        <Typography.Text type="secondary">{t('dashboard.alerts.unavailable')}</Typography.Text>
      ) : !query.data || query.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.alerts.none')} />
      ) : (
        <List
          size="small"
          dataSource={query.data.items}
          renderItem={(a) => (
            <List.Item data-testid="alert-item">
              <List.Item.Meta
                title={
                  <span>
                    <Tag color={SEVERITY_COLOR[a.severity]}>{t(`dashboard.alerts.severity.${a.severity}`)}</Tag>
                    {a.link ? <Link to={a.link}>{a.title}</Link> : a.title}
                  </span>
                }
                description={
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {a.unitName} · {a.period} · {a.message} · {formatDateTime(a.detectedAt)}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
