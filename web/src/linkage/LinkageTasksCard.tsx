import { AuditOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { linkageApi } from './linkageApi.js';

/**
 * On the to-do page: the open and overdue verification tasks (departments' records that differ
 * from the registry) of the caller's area, with the way to them. Nothing when there are none.
 */
export function LinkageTasksCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useMe();
  const counts = useQuery(() => linkageApi.taskCounts(), [], can('person.read'));
  const c = counts.data;
  if (!c || (c.open === 0 && c.overdue === 0)) return null;
  return (
    <Card
      title={t('linkage.card.title')}
      data-testid="linkage-tasks-card"
      extra={
        <Button type="link" onClick={() => navigate('/linkage/tasks')} data-testid="linkage-tasks-go">
          {t('linkage.card.go')}
        </Button>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={8}>
          <Card hoverable size="small" onClick={() => navigate('/linkage/tasks')} data-testid="linkage-tasks-open">
            <Statistic
              title={t('linkage.card.open')}
              value={c.open}
              prefix={<AuditOutlined />}
              styles={{ content: { color: '#d46b08' } }}
            />
          </Card>
        </Col>
        <Col xs={12} lg={8}>
          <Card
            hoverable
            size="small"
            onClick={() => navigate('/linkage/tasks?task=overdue')}
            data-testid="linkage-tasks-overdue"
          >
            <Statistic
              title={t('linkage.card.overdue')}
              value={c.overdue}
              prefix={<WarningOutlined />}
              styles={{ content: { color: c.overdue ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
      </Row>
    </Card>
  );
}
