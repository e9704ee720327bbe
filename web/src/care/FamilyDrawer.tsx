import { Button, Descriptions, Drawer, Empty, Flex, List, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { careApi, type FamilyDetail } from './careApi.js';
import { fenToYuan } from './careMoney.js';
import { EndForm, GrantForm, VisitForm } from './CareForms.js';

type Dialog = 'visit' | 'grant' | 'end' | undefined;

/** Visits and grants of a family, newest first, as one timeline. */
function CareTimeline({ detail }: { detail: FamilyDetail }) {
  const { t } = useTranslation();
  const items = [
    ...detail.visits.map((v) => ({
      on: v.visitedOn,
      key: `v${v.id}`,
      color: 'blue',
      text: t('care.drawer.visitItem', { date: v.visitedOn, visitors: v.visitors, needs: v.needs }),
      note: v.notes,
    })),
    ...detail.assistance.map((a) => ({
      on: a.grantedOn,
      key: `a${a.id}`,
      color: 'green',
      text: t('care.drawer.grantItem', {
        date: a.grantedOn,
        kind: t(`care.kind.${a.kind}`),
        amount: fenToYuan(a.amountFen),
        source: t(`care.fundSource.${a.fundSource}`),
        purpose: a.purpose,
      }),
      note: null,
    })),
  ].sort((x, y) => (x.on < y.on ? 1 : x.on > y.on ? -1 : x.key.localeCompare(y.key)));
  if (items.length === 0) return <Empty description={t('care.drawer.noTimeline')} />;
  return (
    <Timeline
      data-testid="care-timeline"
      items={items.map((i) => ({
        key: i.key,
        color: i.color,
        children: (
          <>
            <div>{i.text}</div>
            {i.note && <Typography.Text type="secondary">{i.note}</Typography.Text>}
          </>
        ),
      }))}
    />
  );
}

/**
 * A family's file: the flag and its reason, the other entries of the same household or couple
 * (both parents of a special family have one each), and the visits and assistance; the forms
 * follow the user's permissions (care.manage: visits and ending; care.grant: assistance).
 */
export function FamilyDrawer({
  familyId,
  onClose,
  onChanged,
  onOpen,
}: {
  familyId: string | undefined;
  onClose: () => void;
  onChanged: () => void;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { can } = useMe();
  const [dialog, setDialog] = useState<Dialog>();
  const q = useQuery(() => careApi.family(familyId!), [familyId], !!familyId);
  const done = () => {
    setDialog(undefined);
    void q.reload();
    onChanged();
  };
  return (
    <Drawer open={!!familyId} onClose={onClose} width={640} title={t('care.drawer.title')} destroyOnHidden>
      <QueryResult {...q}>
        {(d) => {
          const f = d.family;
          const open = f.endedOn === null;
          return (
            <Flex vertical gap={16} data-testid="care-drawer">
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t('care.drawer.parent')}>
                  <Space>
                    <span data-testid="care-drawer-name">{f.name}</span>
                    <Typography.Text type="secondary">{f.idNumberMasked}</Typography.Text>
                  </Space>
                </Descriptions.Item>
                <Descriptions.Item label={t('care.columns.unit')}>{f.unitName}</Descriptions.Item>
                <Descriptions.Item label={t('care.drawer.household')}>
                  {f.householdNumber ?? '—'} {f.address ?? ''}
                </Descriptions.Item>
                <Descriptions.Item label={t('care.columns.category')}>
                  <Space wrap>
                    <Tag color={f.category === 'hardship' ? 'orange' : 'purple'}>
                      {t(`care.category.${f.category}`)}
                    </Tag>
                    <Tag color={open ? 'green' : 'default'}>{t(`care.status.${open ? 'open' : 'ended'}`)}</Tag>
                  </Space>
                </Descriptions.Item>
                <Descriptions.Item label={t('care.drawer.reason')}>
                  <div>{f.reason}</div>
                  <Typography.Text type="secondary">
                    {t('care.drawer.flagged', { date: formatDate(f.flaggedOn), source: t(`care.source.${f.source}`) })}
                  </Typography.Text>
                  {f.endedOn && (
                    <div>
                      <Typography.Text type="warning">
                        {t('care.drawer.ended', { date: f.endedOn, reason: f.endReason ?? '' })}
                      </Typography.Text>
                    </div>
                  )}
                </Descriptions.Item>
              </Descriptions>
              <Space wrap>
                {can('care.manage') && open && (
                  <Button type="primary" onClick={() => setDialog('visit')} data-testid="care-visit-open">
                    {t('care.actions.visit')}
                  </Button>
                )}
                {can('care.grant') && open && (
                  <Button onClick={() => setDialog('grant')} data-testid="care-grant-open">
                    {t('care.actions.grant')}
                  </Button>
                )}
                {can('care.manage') && open && (
                  <Button danger onClick={() => setDialog('end')} data-testid="care-end-open">
                    {t('care.actions.end')}
                  </Button>
                )}
                {!open && can('care.grant') && (
                  <Typography.Text type="secondary">{t('care.drawer.endedNoGrant')}</Typography.Text>
                )}
              </Space>
              {d.related.length > 0 && (
                <div>
                  <Typography.Title level={5}>{t('care.drawer.related')}</Typography.Title>
                  <List
                    size="small"
                    dataSource={d.related}
                    renderItem={(r) => (
                      <List.Item
                        actions={[
                          <Button key="open" type="link" size="small" onClick={() => onOpen(r.id)}>
                            {t('care.actions.open')}
                          </Button>,
                        ]}
                      >
                        {r.name} · {t(`care.category.${r.category}`)} ·{' '}
                        {t(`care.status.${r.endedOn ? 'ended' : 'open'}`)}
                      </List.Item>
                    )}
                  />
                </div>
              )}
              <div>
                <Typography.Title level={5}>{t('care.drawer.timeline')}</Typography.Title>
                <Typography.Paragraph type="secondary" data-testid="care-drawer-total">
                  {t('care.drawer.assistanceTotal', { amount: fenToYuan(d.assistanceFen) })}
                </Typography.Paragraph>
                <CareTimeline detail={d} />
              </div>
              <VisitForm family={f} open={dialog === 'visit'} onClose={() => setDialog(undefined)} onDone={done} />
              <GrantForm family={f} open={dialog === 'grant'} onClose={() => setDialog(undefined)} onDone={done} />
              <EndForm family={f} open={dialog === 'end'} onClose={() => setDialog(undefined)} onDone={done} />
            </Flex>
          );
        }}
      </QueryResult>
    </Drawer>
  );
}
