import { Card, Col, Empty, Flex, InputNumber, Progress, Row, Select, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { ApiError } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { HEALTH_KINDS, type TargetItem, WOMEN_SCREENINGS, coveragePercent, healthApi } from './healthApi.js';
import { PersonCell, sexKey } from './HealthTags.js';

const PAGE_SIZE = 20;

/**
 * 应检未检: a screening's target group computed from the registry in a unit and year, how many of
 * it came, and the list of those who have not, for the village to invite.
 */
export function TargetsPanel() {
  const { t } = useTranslation();
  const { me } = useMe();
  const { params, page, update, oneOf, pagination } = useListParams(PAGE_SIZE);
  const thisYear = new Date().getFullYear();
  const kind = oneOf('kind', HEALTH_KINDS) ?? 'cervical_cancer';
  const year = Number(params.get('year')) || thisYear;
  const unitId = params.get('unitId') ?? me.unit.id;
  const cycleYears = WOMEN_SCREENINGS.includes(kind) ? Number(params.get('cycle')) || undefined : undefined;
  const group = useQuery(
    () => healthApi.targets({ kind, year, unitId, cycleYears, page, pageSize: PAGE_SIZE }),
    [kind, year, unitId, cycleYears, page],
  );
  // A server without the target-group computation yet answers 404: say so instead of "not found".
  const unavailable = group.error instanceof ApiError && group.error.status === 404;

  return (
    <Card size="small" data-testid="targets-panel">
      <Typography.Paragraph type="secondary">{t('health.targets.intro')}</Typography.Paragraph>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select
          value={kind}
          onChange={(v: string) => update({ kind: v, cycle: undefined })}
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
          allowClear={false}
          placeholder={t('health.targets.unit')}
          data-testid="targets-unit"
        />
        {WOMEN_SCREENINGS.includes(kind) && (
          <Select
            value={cycleYears ?? 1}
            onChange={(v: number) => update({ cycle: v > 1 ? String(v) : undefined })}
            options={[1, 2, 3].map((n) => ({
              value: n,
              label: n === 1 ? t('health.targets.cycleThisYear') : t('health.targets.cycleYears', { count: n }),
            }))}
            style={{ minWidth: 150 }}
            data-testid="targets-cycle"
          />
        )}
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
                  {g.unitName} · {t('health.targets.notCovered')}（{g.total}）
                </Typography.Title>
                <Table<TargetItem>
                  // A mother of two births in one year is listed once per birth.
                  rowKey={(r) => `${r.personId}:${r.eventDate ?? ''}`}
                  size="small"
                  dataSource={g.items}
                  pagination={pagination(g.total)}
                  data-testid="targets-list"
                  locale={{ emptyText: t('health.targets.empty') }}
                  columns={[
                    {
                      title: t('health.targets.name'),
                      key: 'name',
                      render: (_, p) => (
                        <PersonCell
                          person={{
                            id: p.personId,
                            name: p.name,
                            idNumberMasked: p.idNumberMasked,
                            sex: p.sex,
                            birthDate: p.birthDate,
                          }}
                        />
                      ),
                    },
                    { title: t('health.targets.sex'), key: 'sex', render: (_, p) => t(`health.sex.${sexKey(p.sex)}`) },
                    { title: t('health.targets.birthDate'), key: 'birth', render: (_, p) => formatDate(p.birthDate) },
                    { title: t('health.targets.village'), key: 'unit', render: (_, p) => p.unitName ?? p.unitId },
                    ...(WOMEN_SCREENINGS.includes(kind)
                      ? []
                      : [
                          {
                            title: t('health.targets.eventDate'),
                            key: 'event',
                            render: (_: unknown, p: TargetItem) => formatDate(p.eventDate),
                          },
                        ]),
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
