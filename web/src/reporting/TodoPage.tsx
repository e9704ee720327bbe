import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  FileAddOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { api } from '../api/api.js';
import type { Todo } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { LinkageTasksCard } from '../linkage/LinkageTasksCard.js';
import { ServiceTasksCard } from './ServiceTasksCard.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { ReportTable } from './ReportTable.js';

type CountKey = keyof Todo['counts'];

const CARDS: Record<CountKey, { icon: ReactNode; color: string; path: string }> = {
  returned: { icon: <RollbackOutlined />, color: '#cf1322', path: '/reports/mine?status=returned' },
  awaitingReview: { icon: <ClockCircleOutlined />, color: '#1f6fd1', path: '/review' },
  awaitingConfirmation: { icon: <CheckCircleOutlined />, color: '#08979c', path: '/confirm' },
  submittedThisMonth: { icon: <SendOutlined />, color: '#389e0d', path: '/reports/mine' },
};

/**
 * The home page of everyone who handles reports: a village worker sees what came back to her
 * and what she sent; a township officer what awaits his review; the county what awaits
 * confirmation.
 */
export function TodoPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me, can } = useMe();
  const query = useQuery(() => api.todo(), []);
  const village = can('report.create');
  // The to-do answer lists what waits on the caller; a village worker also wants her latest.
  const recent = useQuery(() => api.listReports({ queue: 'mine', pageSize: 10 }), [], village);

  const township = can('report.review');
  const county = can('report.confirm');
  const cards: CountKey[] = village
    ? ['returned', 'submittedThisMonth', 'awaitingReview']
    : township
      ? ['awaitingReview', 'awaitingConfirmation', 'returned']
      : county
        ? ['awaitingConfirmation', 'awaitingReview', 'returned']
        : ['awaitingReview', 'awaitingConfirmation'];
  const listTitle = village
    ? t('todo.villageItems')
    : township
      ? t('todo.townshipItems')
      : county
        ? t('todo.countyItems')
        : t('todo.otherItems');
  const pathFor = (key: CountKey) => {
    if (key === 'awaitingReview' && !township)
      return village ? '/reports/mine?status=submitted' : '/reports?status=submitted';
    if (key === 'awaitingConfirmation' && !county) return '/reports?status=township_approved';
    if (key === 'returned' && !village) return '/reports?status=returned';
    return CARDS[key].path;
  };

  return (
    <Page
      title={t('todo.title')}
      subtitle={t('todo.greeting', { name: me.displayName })}
      data-testid="todo-page"
      extra={
        village && (
          <Button
            type="primary"
            icon={<FileAddOutlined />}
            onClick={() => navigate('/reports/new')}
            data-testid="todo-new-report"
          >
            {t('todo.newReport')}
          </Button>
        )
      }
    >
      <QueryResult {...query}>
        {(todo) => (
          <>
            <Row gutter={[16, 16]}>
              {cards.map((key) => (
                <Col xs={24} sm={12} lg={8} key={key}>
                  <Card hoverable onClick={() => navigate(pathFor(key))} data-testid={`todo-count-${key}`}>
                    <Statistic
                      title={t(`todo.${key}`)}
                      value={todo.counts[key]}
                      prefix={CARDS[key].icon}
                      styles={{ content: { color: CARDS[key].color } }}
                    />
                  </Card>
                </Col>
              ))}
            </Row>
            <LinkageTasksCard />
            <ServiceTasksCard />
            <Card title={listTitle} styles={{ body: { padding: 0 } }}>
              {todo.items.length === 0 ? (
                <Empty style={{ padding: 32 }} description={village ? t('todo.noReturned') : t('todo.empty')} />
              ) : (
                <ReportTable
                  items={todo.items}
                  pagination={false}
                  data-testid="todo-items"
                  hideUnit={village}
                  hideReporter={village}
                />
              )}
            </Card>
            {village && (
              <Card title={t('todo.recentItems')} styles={{ body: { padding: 0 } }}>
                <ReportTable
                  items={recent.data?.items ?? []}
                  loading={recent.loading}
                  pagination={false}
                  hideUnit
                  hideReporter
                  data-testid="todo-recent"
                />
              </Card>
            )}
          </>
        )}
      </QueryResult>
    </Page>
  );
}
