import { Card, Col, Empty, Flex, InputNumber, Progress, Row, Select, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { HEALTH_KINDS, type TargetItem, coveragePercent, healthApi } from './healthApi.js';
import { sexKey } from './HealthTags.js';

const PAGE_SIZE = 20;

/**
 * 应检未检: a screening's target group computed from the registry in a unit and year, how many of
 * it came, and the list of those who have not, for the village to invite.
 */
export function TargetsPanel() {
  const { t } = useTranslation();
  const { params, page, update, oneOf, pagination } = useListParams(PAGE_SIZE);
  const thisYear = new Date().getFullYear();
  const kind = oneOf('kind', HEALTH_KINDS) ?? 'cervical_cancer';
  const year = Number(params.get('year')) || thisYear;
  const unitId = params.get('unitId') ?? undefined;
  const group = useQuery(
    () => healthApi.targets({ kind, year, unitId, page, pageSize: PAGE_SIZE }),
    [kind, year, unitId, page],
  );
  // A server without the target-group computation yet answers 404: say so instead of "not found".
  const unavailable = group.error instanceof ApiError && group.error.status === 404;

  return (
    <Card size="small" data-testid="targets-panel">
      <Typography.Paragraph type="secondary">{t('health.targets.intro')}</Typography.Paragraph>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select
          value={kind}
          onChange={(v: string) => update({ kind: v })}
          options={HEALTH_KINDS.map((k) => ({ value: k, label: t(`health.kinds.${k}`) }))}
          style={{ minWidth: 180 }}
          data-testid="targets-kind"
        />
        <InputNumber
          value={year}
          min={2000}
          max={thisYear + 1}
          precision={0}
          onChange={(v) => update({ year: v && v !== thisYear ? String(v) : undefined })}
          prefix={t('health.targets.year')}
          style={{ width: 160 }}
          data-testid="targets-year"
        />
        <UnitPicker
          value={unitId}
          onChange={(v) => update({ unitId: v })}
          placeholder={t('health.targets.unit')}
          data-testid="targets-unit"
        />
      </Flex>
      {unavailable ? (
        <Empty
          data-testid="targets-unavailable"
          description={
            <>
              <Typography.Text strong>{t('health.targets.unavailable')}</Typography.Text>
              <br />
              <Typography.Text type="secondary">{t('health.targets.unavailableHint')}</Typography.Text>
            </>
          }
        />
      ) : (
        <QueryResult {...group}>
          {(g) => {
            const percent = coveragePercent(g.covered, g.target);
            return (
              <>
                <Row gutter={16} style={{ marginBottom: 16 }}>
                  <Col xs={12} md={6}>
                    <Statistic title={t('health.targets.target')} value={g.target} data-testid="targets-target" />
                  </Col>
                  <Col xs={12} md={6}>
                    <Statistic title={t('health.targets.covered')} value={g.covered} data-testid="targets-covered" />
                  </Col>
                  <Col xs={12} md={6}>
                    <Statistic
                      title={t('health.targets.notCovered')}
                      value={g.target - g.covered}
                      styles={{ content: { color: g.target > g.covered ? '#cf1322' : undefined } }}
                    />
                  </Col>
                  <Col xs={12} md={6}>
                    <Typography.Text type="secondary">{t('health.targets.coverage')}</Typography.Text>
                    <Progress
                      percent={percent ?? 0}
                      format={() => (percent === null ? '—' : `${percent}%`)}
                      data-testid="targets-coverage"
                    />
                  </Col>
                </Row>
                <Typography.Title level={5}>
                  {t('health.targets.notCovered')}（{g.total}）
                </Typography.Title>
                <Table<TargetItem>
                  rowKey="personId"
                  size="small"
                  dataSource={g.items}
                  pagination={pagination(g.total)}
                  data-testid="targets-list"
                  locale={{ emptyText: t('health.targets.empty') }}
                  columns={[
                    { title: t('health.targets.name'), dataIndex: 'name' },
                    { title: t('health.targets.sex'), key: 'sex', render: (_, p) => t(`health.sex.${sexKey(p.sex)}`) },
                    { title: t('health.targets.birthDate'), key: 'birth', render: (_, p) => formatDate(p.birthDate) },
                    { title: t('health.targets.village'), dataIndex: 'unitName' },
                    {
                      title: t('health.targets.lastServedOn'),
                      key: 'last',
                      render: (_, p) =>
                        p.lastServedOn ? (
                          formatDate(p.lastServedOn)
                        ) : (
                          <Typography.Text type="secondary">{t('health.targets.never')}</Typography.Text>
                        ),
                    },
                  ]}
                />
              </>
            );
          }}
        </QueryResult>
      )}
    </Card>
  );
}
