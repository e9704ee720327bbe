import { AlertOutlined, ClockCircleOutlined, MedicineBoxOutlined, MessageOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { request } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';

type FollowupTotals = { total: { open: number; dueSoon: number; overdue: number } };
type PetitionCounts = { counts: { open: number; overdue: number; escalatedOpen: number } };
type DispensersDue = { total: number };

/** What the services registers wait on: each register answers for itself, so one failing hides only its tiles. */
const load = {
  followups: () => request<FollowupTotals>('GET', '/api/health/followups/summary'),
  petitions: () => request<PetitionCounts>('GET', '/api/petitions?limit=1'),
  dispensers: () => request<DispensersDue>('GET', '/api/dispensers/due'),
};

export type ServiceTile = { key: string; value: number; path: string; icon: ReactNode; alarm: boolean };

/** The tiles worth showing: only what is due or overdue, so a quiet day shows nothing. */
export function serviceTiles(data: {
  followups?: FollowupTotals;
  petitions?: PetitionCounts;
  dispensers?: DispensersDue;
}): ServiceTile[] {
  const tiles: ServiceTile[] = [];
  const f = data.followups?.total;
  if (f && f.overdue > 0)
    tiles.push({ key: 'followupsOverdue', value: f.overdue, path: '/health', icon: <AlertOutlined />, alarm: true });
  if (f && f.dueSoon > 0)
    tiles.push({
      key: 'followupsDueSoon',
      value: f.dueSoon,
      path: '/health',
      icon: <ClockCircleOutlined />,
      alarm: false,
    });
  const p = data.petitions?.counts;
  if (p && p.overdue > 0)
    tiles.push({ key: 'petitionsOverdue', value: p.overdue, path: '/petitions', icon: <AlertOutlined />, alarm: true });
  if (p && p.open > 0)
    tiles.push({ key: 'petitionsOpen', value: p.open, path: '/petitions', icon: <MessageOutlined />, alarm: false });
  const d = data.dispensers;
  if (d && d.total > 0)
    tiles.push({
      key: 'dispensersDue',
      value: d.total,
      path: '/dispensers',
      icon: <MedicineBoxOutlined />,
      alarm: false,
    });
  return tiles;
}

/**
 * On the to-do page: the health follow-ups due and overdue, the petitions waiting and overdue, and
 * the dispensing machines due for restocking in the caller's area (issue 7), with the way to each.
 * Nothing when nothing is due.
 */
export function ServiceTasksCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useMe();
  const followups = useQuery(load.followups, [], can('health.followup') || can('health.findings'));
  const petitions = useQuery(load.petitions, [], can('petition.handle') || can('petition.register'));
  const dispensers = useQuery(load.dispensers, [], can('dispenser.manage'));
  const tiles = serviceTiles({ followups: followups.data, petitions: petitions.data, dispensers: dispensers.data });
  if (tiles.length === 0) return null;
  return (
    <Card title={t('todo.services.title')} data-testid="service-tasks-card">
      <Row gutter={[16, 16]}>
        {tiles.map((tile) => (
          <Col key={tile.key} xs={12} md={6}>
            <Card size="small" hoverable onClick={() => navigate(tile.path)} data-testid={`service-task-${tile.key}`}>
              <Statistic
                title={t(`todo.services.${tile.key}` as 'todo.services.title')}
                value={tile.value}
                prefix={tile.icon}
                styles={{ content: { color: tile.alarm ? '#cf1322' : '#1f6fd1' } }}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
