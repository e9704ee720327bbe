import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '../api/useQuery.js';
import { formatDate } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { CycleExplanation } from './CycleExplanation.js';
import {
  cyclesApi,
  fenToYuan,
  type Candidate,
  type CandidateOutcome,
  type CandidateStatus,
  type VillageCount,
  type VillageVerdict,
} from './cyclesApi.js';

const STATUSES: CandidateStatus[] = ['candidate', 'returned', 'verified', 'reviewed', 'approved', 'excluded'];
const OUTCOME_COLOR: Record<'yes' | 'no' | 'unknown', string> = { yes: 'green', no: 'red', unknown: 'orange' };

/**
 * /benefits/cycles/:cycleId: the candidates of the caller's area, per village (filter by
 * village and outcome), amounts in yuan, and the reason for each in a drawer.
 */
export function CycleCandidates() {
  const { cycleId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [unitId, setUnitId] = useState<string>();
  const [outcome, setOutcome] = useState<CandidateOutcome>();
  const [status, setStatus] = useState<CandidateStatus>();
  const [verdict, setVerdict] = useState<VillageVerdict | 'none'>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<Candidate>();
  const query = useQuery(
    () => cyclesApi.candidates(cycleId, { unitId, outcome, status, verdict, page, pageSize }),
    [cycleId, unitId, outcome, status, verdict, page, pageSize],
  );

  return (
    <QueryResult {...query}>
      {(data) => (
        <Card
          size="small"
          title={t('benefits.cycles.candidates.title', {
            year: data.cycle.year,
            program: en ? data.cycle.programNameEn : data.cycle.programName,
          })}
          extra={
            <Link to="/benefits/cycles">
              <Button type="link" icon={<ArrowLeftOutlined />}>
                {t('benefits.cycles.candidates.back')}
              </Button>
            </Link>
          }
          data-testid="cycle-candidates"
        >
          <VillageSummary villages={data.villages} />
          <Flex gap={8} wrap style={{ margin: '12px 0' }}>
            <Select
              allowClear
              style={{ width: 220 }}
              placeholder={t('benefits.cycles.candidates.allVillages')}
              value={unitId}
              onChange={(v: string | undefined) => {
                setUnitId(v);
                setPage(1);
              }}
              options={data.villages.map((v) => ({ value: v.unitId, label: v.name }))}
              data-testid="cycle-filter-village"
            />
            <Select
              allowClear
              style={{ width: 160 }}
              placeholder={t('benefits.cycles.candidates.allOutcomes')}
              value={outcome}
              onChange={(v: CandidateOutcome | undefined) => {
                setOutcome(v);
                setPage(1);
              }}
              options={(['yes', 'unknown', 'no'] as const).map((o) => ({
                value: o,
                label: t(`benefits.cycles.outcome.${o}`),
              }))}
              data-testid="cycle-filter-outcome"
            />
            <Select
              allowClear
              style={{ width: 160 }}
              placeholder={t('benefits.workflow.filters.status')}
              value={status}
              onChange={(v: CandidateStatus | undefined) => {
                setStatus(v);
                setPage(1);
              }}
              options={STATUSES.map((s) => ({ value: s, label: t(`benefits.workflow.status.${s}`) }))}
              data-testid="cycle-filter-status"
            />
            <Select
              allowClear
              style={{ width: 160 }}
              placeholder={t('benefits.workflow.filters.verdict')}
              value={verdict}
              onChange={(v: VillageVerdict | 'none' | undefined) => {
                setVerdict(v);
                setPage(1);
              }}
              options={(['eligible', 'not_eligible', 'none'] as const).map((v) => ({
                value: v,
                label: t(`benefits.workflow.verdict.${v}`),
              }))}
              data-testid="cycle-filter-verdict"
            />
            <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
              {t('benefits.cycles.candidates.total', { total: data.total })}
            </Typography.Text>
          </Flex>
          <Table<Candidate>
            rowKey="id"
            size="small"
            dataSource={data.items}
            locale={{ emptyText: t('benefits.cycles.candidates.empty') }}
            pagination={{
              current: page,
              pageSize,
              total: data.total,
              showSizeChanger: true,
              onChange: (p, s) => {
                setPage(s === pageSize ? p : 1);
                setPageSize(s);
              },
            }}
            data-testid="cycle-candidate-table"
            columns={[
              { title: t('benefits.cycles.candidates.village'), dataIndex: 'unitName' },
              { title: t('benefits.cycles.candidates.name'), dataIndex: 'name' },
              {
                title: t('benefits.cycles.candidates.idNumber'),
                dataIndex: 'idNumberMasked',
                render: (v: string | null) => v ?? '—',
              },
              {
                title: t('benefits.cycles.candidates.birthDate'),
                dataIndex: 'birthDate',
                render: (v: string) => formatDate(v),
              },
              {
                title: t('benefits.cycles.candidates.outcome'),
                dataIndex: 'outcome',
                render: (o: CandidateOutcome) => (
                  <Tag color={OUTCOME_COLOR[o]}>{t(`benefits.cycles.outcome.${o}`)}</Tag>
                ),
              },
              {
                title: t('benefits.workflow.columns.status'),
                dataIndex: 'status',
                render: (v: CandidateStatus) => t(`benefits.workflow.status.${v}`),
              },
              {
                title: t('benefits.workflow.columns.verdict'),
                dataIndex: 'villageVerdict',
                render: (v: VillageVerdict | null) => t(`benefits.workflow.verdict.${v ?? 'none'}`),
              },
              { title: t('benefits.cycles.candidates.months'), dataIndex: 'months', align: 'right' },
              {
                title: t('benefits.cycles.candidates.amount'),
                dataIndex: 'amountFen',
                align: 'right',
                render: (f: number) => fenToYuan(f),
              },
              {
                title: t('benefits.cycles.candidates.why'),
                key: 'why',
                render: (_, c) => (
                  <Button size="small" onClick={() => setOpen(c)} data-testid={`cycle-explain-${c.personId}`}>
                    {t('benefits.cycles.candidates.explain')}
                  </Button>
                ),
              },
            ]}
          />
          <CycleExplanation candidate={open} onClose={() => setOpen(undefined)} />
        </Card>
      )}
    </QueryResult>
  );
}

function VillageSummary({ villages }: { villages: VillageCount[] }) {
  const { t } = useTranslation();
  if (villages.length <= 1) return null;
  return (
    <Table<VillageCount>
      rowKey="unitId"
      size="small"
      title={() => t('benefits.cycles.candidates.villages')}
      dataSource={villages}
      pagination={villages.length > 10 ? { pageSize: 10 } : false}
      columns={[
        { title: t('benefits.cycles.candidates.village'), dataIndex: 'name' },
        { title: t('benefits.cycles.list.eligible'), dataIndex: 'eligible', align: 'right' },
        { title: t('benefits.cycles.list.toVerify'), dataIndex: 'toVerify', align: 'right' },
        {
          title: t('benefits.cycles.list.amount'),
          dataIndex: 'amountFen',
          align: 'right',
          render: (f: number) => fenToYuan(f),
        },
      ]}
    />
  );
}
