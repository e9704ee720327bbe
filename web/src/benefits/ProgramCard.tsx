import { Button, Card, Col, Collapse, Descriptions, Flex, Row, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import { ProgramDefinitionForm } from './ProgramDefinitionForm.js';
import { ProgramHistory } from './ProgramHistory.js';
import { ProgramRule } from './ProgramRule.js';
import { ProgramTopUpForm } from './ProgramTopUpForm.js';
import { fenToYuan, type AmountLayer, type AmountTier, type ProgramView, type TierSummary } from './programsApi.js';

/** One program: who qualifies, the amounts per tier and layer with their dates, its version and who changed it. */
export function ProgramCard({ view, onChanged }: { view: ProgramView; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useMe();
  const [topUp, setTopUp] = useState(false);
  const [editing, setEditing] = useState(false);
  const en = i18n.language.startsWith('en');
  const p = view.program;
  const unit = t(`benefits.programs.unit.${p.rate}`);

  return (
    <Card
      data-testid={`program-${view.code}`}
      title={
        <Flex gap={8} align="baseline" wrap>
          <span>{en ? view.nameEn : view.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }} lang={en ? 'zh-CN' : 'en'}>
            {en ? view.name : view.nameEn}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Flex gap={8} align="center">
          <Tag color={view.builtIn ? 'blue' : 'green'}>
            {t(view.builtIn ? 'benefits.programs.builtIn' : 'benefits.programs.local')}
          </Tag>
          <Tag data-testid={`program-version-${view.code}`}>
            {t('benefits.programs.version', { version: view.version })}
          </Tag>
          {can('benefit.manage') && (
            <Button size="small" onClick={() => setEditing(true)} data-testid={`program-edit-${view.code}`}>
              {t('benefits.programs.definition.open')}
            </Button>
          )}
          {can('benefit.manage') && (
            <Button
              size="small"
              type="primary"
              onClick={() => setTopUp(true)}
              data-testid={`program-topup-${view.code}`}
            >
              {t('benefits.programs.topUp.open')}
            </Button>
          )}
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }} data-testid={`program-changed-${view.code}`}>
        {!view.stored
          ? t('benefits.programs.asShipped')
          : view.changedBy?.name
            ? t('benefits.programs.changedBy', { name: view.changedBy.name, at: formatDateTime(view.changedAt) })
            : t('benefits.programs.changedByUnknown', { at: formatDateTime(view.changedAt) })}
        {view.stored && <> · {t('benefits.programs.note', { note: view.note })}</>}
      </Typography.Paragraph>
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={10}>
          <Typography.Title level={5}>{t('benefits.programs.qualifies')}</Typography.Title>
          <ProgramRule rule={view.summary.qualifies} />
          <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('benefits.programs.fields.per')}>
              {t(`benefits.programs.per.${p.per}`)} · {t(`benefits.programs.rate.${p.rate}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('benefits.programs.fields.paid')}>
              {t(`benefits.programs.paid.${p.paid}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('benefits.programs.fields.entitlement')}>
              {t(`benefits.programs.entitlement.${p.entitlement}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('benefits.programs.fields.source')}>
              <span lang="zh-CN">{p.source}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('benefits.programs.fields.code')}>
              <Typography.Text code>{p.code}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </Col>
        <Col xs={24} lg={14}>
          <Typography.Title level={5}>
            {t('benefits.programs.amounts')}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
              {t('benefits.programs.amountToday', { date: formatDate(view.summary.asOf) })}
            </Typography.Text>
          </Typography.Title>
          <Flex vertical gap={12}>
            {p.amounts.map((tier) => (
              <TierAmounts
                key={tier.key}
                tier={tier}
                summary={view.summary.tiers.find((s) => s.key === tier.key)}
                unit={unit}
                code={view.code}
              />
            ))}
          </Flex>
        </Col>
      </Row>
      <Collapse
        ghost
        style={{ marginTop: 8 }}
        destroyOnHidden
        items={[
          {
            key: 'history',
            label: <span data-testid={`program-history-open-${view.code}`}>{t('benefits.programs.history')}</span>,
            children: <ProgramHistory code={view.code} version={view.version} />,
          },
        ]}
      />
      {topUp && (
        <ProgramTopUpForm
          view={view}
          onClose={() => setTopUp(false)}
          onSaved={() => {
            setTopUp(false);
            onChanged();
          }}
          onStale={onChanged}
        />
      )}
      {editing && (
        <ProgramDefinitionForm
          view={view}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onStale={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

/** One amount tier: the total in effect today and every layer with its date (the ones in effect marked). */
function TierAmounts({
  tier,
  summary,
  unit,
  code,
}: {
  tier: AmountTier;
  summary: TierSummary | undefined;
  unit: string;
  code: string;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const inEffect = (l: AmountLayer) =>
    summary?.layersToday.some((x) => x.level === l.level && x.division === l.division && x.from === l.from) ?? false;
  const columns: ColumnsType<AmountLayer> = [
    {
      title: t('benefits.programs.layer.level'),
      dataIndex: 'level',
      width: 100,
      render: (v: AmountLayer['level']) => t(`benefits.programs.level.${v}`),
    },
    {
      title: t('benefits.programs.layer.division'),
      key: 'division',
      width: 90,
      render: (_, l) => l.divisionName ?? l.division ?? '—',
    },
    { title: t('benefits.programs.layer.from'), dataIndex: 'from', width: 110, render: (v: string) => formatDate(v) },
    {
      title: t('benefits.programs.layer.amount'),
      key: 'amount',
      width: 190,
      align: 'right',
      render: (_, l) => (
        <Flex gap={4} justify="end" align="center">
          {inEffect(l) && <Tag color="green">{t('benefits.programs.layer.inEffect')}</Tag>}
          <span style={{ whiteSpace: 'nowrap' }}>
            {l.fen === 0
              ? t('benefits.programs.stopped')
              : t('benefits.programs.perUnit', { amount: fenToYuan(l.fen), unit })}
          </span>
        </Flex>
      ),
    },
    {
      title: t('benefits.programs.layer.source'),
      key: 'source',
      render: (_, l) => (
        <Flex vertical lang="zh-CN">
          <span>{l.source ?? '—'}</span>
          {l.assumption && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('benefits.programs.assumption', { text: l.assumption })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
  ];
  return (
    <div data-testid={`program-tier-${code}-${tier.key}`}>
      <Flex gap={8} align="baseline" wrap>
        <Typography.Text strong>{en ? tier.label.en : tier.label.zh}</Typography.Text>
        <Typography.Text data-testid={`program-today-${code}-${tier.key}`}>
          {summary && summary.fenToday > 0
            ? t('benefits.programs.perUnit', { amount: fenToYuan(summary.fenToday), unit })
            : t('benefits.programs.noAmountToday')}
        </Typography.Text>
        {summary && summary.layersToday.length > 1 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} lang="zh-CN">
            （{summary.text}）
          </Typography.Text>
        )}
      </Flex>
      {summary?.when && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('benefits.programs.tierWhen')}
          {en ? summary.when.en : summary.when.zh}
          {summary.when.parts &&
            `${en ? ': ' : '：'}${summary.when.parts.map((x) => (en ? x.en : x.zh)).join(en ? '; ' : '；')}`}
        </Typography.Text>
      )}
      <Table<AmountLayer>
        size="small"
        rowKey={(l) => `${l.level}-${l.division ?? ''}-${l.from}`}
        columns={columns}
        dataSource={tier.layers}
        pagination={false}
        style={{ marginTop: 4 }}
      />
    </div>
  );
}
