import { DownOutlined, EyeOutlined, FileAddOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Dropdown,
  Empty,
  Flex,
  List,
  Row,
  Space,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { api } from '../api/api.js';
import type { PersonAsOf, PersonDetail, PersonReportRef, ReportType, VitalEvent } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate, formatDateTime, isFuture, toIsoDate } from '../lib/dates.js';
import { ReportStatusTag } from '../reporting/ReportStatusTag.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { HouseholdMembers } from './HouseholdMembers.js';
import { PersonStatusTag } from './PersonStatusTag.js';
import { SnapshotView, fieldLabel, useFieldValue } from './snapshot.js';
import { useCodes } from './useCodes.js';

const PERSON_REPORTS: ReportType[] = ['death', 'marriage', 'divorce', 'move_out', 'correction'];
const REPORT_LABEL_KEYS = {
  death: 'person.reportDeath',
  marriage: 'person.reportMarriage',
  divorce: 'person.reportDivorce',
  move_out: 'person.reportMoveOut',
  correction: 'person.reportCorrection',
} as const;

function IdNumber({ personId, masked }: { personId: string; masked: string | null }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const showError = useErrorMessage();
  const [full, setFull] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setFull(undefined), [personId]);
  if (!masked && !full) return <Typography.Text type="secondary">{t('persons.noIdNumber')}</Typography.Text>;
  return (
    <Space size={8}>
      <Typography.Text code copyable={full ? { text: full } : false} data-testid="person-id-number">
        {full ?? masked}
      </Typography.Text>
      {!full && can('person.revealId') && (
        <Tooltip title={t('person.revealAudited')}>
          <Button
            size="small"
            icon={<EyeOutlined />}
            loading={busy}
            data-testid="reveal-id"
            onClick={() => {
              setBusy(true);
              api
                .revealId(personId)
                .then((r) => setFull(r.idNumber))
                .catch(showError)
                .finally(() => setBusy(false));
            }}
          >
            {t('person.revealId')}
          </Button>
        </Tooltip>
      )}
    </Space>
  );
}

function Particulars({ detail }: { detail: PersonDetail }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const p = detail.person;
  return (
    <Card title={t('person.particulars')} data-testid="person-particulars">
      <Descriptions
        column={{ xs: 1, sm: 2, lg: 2 }}
        size="small"
        items={[
          { key: 'name', label: t('person.name'), children: <span data-testid="person-name">{p.name}</span> },
          { key: 'id', label: t('person.idNumber'), children: <IdNumber personId={p.id} masked={p.idNumberMasked} /> },
          { key: 'sex', label: t('person.sex'), children: codes.label('sex', p.sex) },
          { key: 'birthDate', label: t('person.birthDate'), children: formatDate(p.birthDate) },
          { key: 'ethnicity', label: t('person.ethnicity'), children: codes.label('ethnicity', p.ethnicity) },
          { key: 'hukouType', label: t('person.hukouType'), children: t(`hukouType.${p.hukouType}`) },
          { key: 'hukouUnit', label: t('person.hukouUnit'), children: p.hukouUnit.name },
          { key: 'residenceUnit', label: t('person.residenceUnit'), children: p.residenceUnit.name },
          {
            key: 'relationship',
            label: t('person.relationship'),
            children: codes.label('relationship', p.relationship),
          },
          {
            key: 'maritalStatus',
            label: t('person.maritalStatus'),
            children: codes.label('maritalStatus', p.maritalStatus),
          },
          {
            key: 'birthOrder',
            label: t('person.birthOrder'),
            children: (
              <span data-testid="person-birth-order">
                {p.birthOrder ? t('person.birthOrderValue', { order: p.birthOrder }) : t('common.none')}
              </span>
            ),
          },
          { key: 'status', label: t('person.status'), children: <PersonStatusTag status={p.status} /> },
          ...(p.deathDate
            ? [{ key: 'deathDate', label: t('person.deathDate'), children: formatDate(p.deathDate) }]
            : []),
          ...(p.leftDate ? [{ key: 'leftDate', label: t('person.leftDate'), children: formatDate(p.leftDate) }] : []),
        ]}
      />
    </Card>
  );
}

function HouseholdCard({ detail }: { detail: PersonDetail }) {
  const { t } = useTranslation();
  const h = detail.household;
  if (!h) {
    return (
      <Card title={t('person.household')}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('person.noHousehold')} />
      </Card>
    );
  }
  return (
    <Card
      title={t('person.household')}
      data-testid="person-household"
      extra={
        <Link to={`/households/${h.id}`} data-testid="open-household">
          {t('person.openHousehold')}
        </Link>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        style={{ marginBottom: 12 }}
        items={[
          {
            key: 'no',
            label: t('person.householdNumber'),
            children: <span data-testid="household-number">{h.householdNumber}</span>,
          },
          { key: 'address', label: t('person.address'), children: h.address ?? t('common.none') },
        ]}
      />
      <HouseholdMembers members={h.members} current={detail.person.id} size="small" />
    </Card>
  );
}

function FamilyCard({ detail }: { detail: PersonDetail }) {
  const { t } = useTranslation();
  const link = (p: { id: string; name: string } | null, testid: string) =>
    p ? (
      <Link to={`/persons/${p.id}`} data-testid={testid}>
        {p.name}
      </Link>
    ) : (
      t('common.none')
    );
  return (
    <Card title={t('person.family')} data-testid="person-family">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'mother', label: t('person.mother'), children: link(detail.mother, 'person-mother') },
          { key: 'father', label: t('person.father'), children: link(detail.father, 'person-father') },
          { key: 'spouse', label: t('person.spouse'), children: link(detail.spouse, 'person-spouse') },
          {
            key: 'children',
            label: t('person.children'),
            children:
              detail.children.length === 0 ? (
                t('person.noChildren')
              ) : (
                <Flex vertical gap={2}>
                  {detail.children.map((c) => (
                    <span key={c.id}>
                      <Link to={`/persons/${c.id}`}>{c.name}</Link>{' '}
                      <Typography.Text type="secondary">
                        {t(`sex.${c.sex}`)} · {formatDate(c.birthDate)}
                      </Typography.Text>
                    </span>
                  ))}
                </Flex>
              ),
          },
        ]}
      />
    </Card>
  );
}

function HistoryCard({ detail }: { detail: PersonDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number>();
  if (detail.history.length === 0) {
    return (
      <Card title={t('person.history')}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('person.noHistory')} />
      </Card>
    );
  }
  return (
    <Card title={t('person.history')} data-testid="person-history">
      <Timeline
        items={detail.history.map((h, i) => {
          return {
            key: i,
            content: (
              <Flex vertical gap={2} data-testid="person-history-item" data-change={h.change}>
                <Typography.Text strong>
                  {t(`historyChange.${h.change}` as 'historyChange.demo', { defaultValue: h.change })}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('person.historyEntry', { date: formatDate(h.validFrom), recorded: formatDateTime(h.recordedAt) })}
                  {h.recordedBy && (
                    <span data-testid="person-history-by"> · {t('person.recordedBy', { name: h.recordedBy })}</span>
                  )}
                  {h.reportId && (
                    <>
                      {' · '}
                      <Link to={`/reports/${h.reportId}`} data-testid="person-history-report">
                        {t('person.historyReport')}
                      </Link>
                    </>
                  )}
                </Typography.Text>
                {h.snapshot && (
                  <>
                    <Typography.Link style={{ fontSize: 12 }} onClick={() => setOpen(open === i ? undefined : i)}>
                      {t('common.open')}
                    </Typography.Link>
                    {open === i && <SnapshotView snapshot={h.snapshot} />}
                  </>
                )}
              </Flex>
            ),
          };
        })}
      />
    </Card>
  );
}

function EventsCard({ events }: { events: VitalEvent[] }) {
  const { t } = useTranslation();
  const valueOf = useFieldValue();
  return (
    <Card title={t('person.events')} data-testid="person-events">
      {events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('person.noEvents')} />
      ) : (
        <List
          size="small"
          dataSource={events}
          renderItem={(e) => (
            <List.Item key={e.id}>
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Space>
                  <Tag color="blue">{t(`reportType.${e.type}`)}</Tag>
                  <Typography.Text>{formatDate(e.eventDate)}</Typography.Text>
                </Space>
                {e.details && Object.keys(e.details).length > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {Object.entries(e.details)
                      .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
                      .map(([k, v]) => `${fieldLabel(t, k)}：${String(valueOf(k, v))}`)
                      .join('；')}
                  </Typography.Text>
                )}
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function ReportsCard({ reports }: { reports: PersonReportRef[] }) {
  const { t } = useTranslation();
  return (
    <Card title={t('person.reports')} data-testid="person-reports">
      {reports.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('person.noReports')} />
      ) : (
        <List
          size="small"
          dataSource={reports}
          renderItem={(r) => (
            <List.Item key={r.id} extra={<ReportStatusTag status={r.status} />}>
              <Flex vertical gap={2}>
                <Link to={`/reports/${r.id}`}>
                  {t(`reportType.${r.type}`)} · {formatDate(r.eventDate)}
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.summary}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function AsOfCard({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const showError = useErrorMessage();
  const [answer, setAnswer] = useState<PersonAsOf>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setAnswer(undefined), [personId]);
  const pick = (value: Dayjs | null) => {
    const date = toIsoDate(value);
    if (!date) {
      setAnswer(undefined);
      return;
    }
    setBusy(true);
    api
      .personAsOf(personId, date)
      .then(setAnswer)
      .catch(showError)
      .finally(() => setBusy(false));
  };
  return (
    <Card title={t('person.asOf')} data-testid="person-as-of" loading={false}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('person.asOfHint')}</Typography.Text>
        <DatePicker
          onChange={pick}
          disabledDate={isFuture}
          placeholder={t('person.asOfPick')}
          style={{ width: '100%' }}
          data-testid="as-of-date"
        />
        {busy && <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>}
        {answer && !answer.exists && (
          <Alert type="info" showIcon title={t('person.asOfNotExists', { date: answer.date })} />
        )}
        {answer && answer.exists && answer.state && (
          <>
            <Typography.Text strong>{t('person.asOfState', { date: answer.date })}</Typography.Text>
            <SnapshotView snapshot={answer.state} />
          </>
        )}
      </Flex>
    </Card>
  );
}

/** Everything the registry knows about one person, and the reports a village can start. */
export function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useMe();
  const query = useQuery(() => api.getPerson(id), [id]);
  const detail = query.data;

  const startReport =
    detail && can('report.create') && detail.person.status === 'active' ? (
      <Dropdown
        trigger={['click']}
        menu={{
          items: PERSON_REPORTS.map((type) => ({
            key: type,
            label: (
              <span data-testid={`start-report-${type}`}>
                {t(REPORT_LABEL_KEYS[type as keyof typeof REPORT_LABEL_KEYS])}
              </span>
            ),
          })),
          onClick: ({ key }) => navigate(`/reports/new/${key}?personId=${encodeURIComponent(id)}`),
        }}
      >
        <Button type="primary" icon={<FileAddOutlined />} data-testid="start-report">
          {t('person.startReport')} <DownOutlined />
        </Button>
      </Dropdown>
    ) : null;

  return (
    <Page
      back
      title={detail ? detail.person.name : t('person.title')}
      subtitle={detail ? <PersonStatusTag status={detail.person.status} /> : undefined}
      extra={startReport}
      data-testid="person-page"
    >
      <QueryResult {...query}>
        {(d) => (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={16}>
              <Flex vertical gap={16}>
                <Particulars detail={d} />
                <HouseholdCard detail={d} />
                <HistoryCard detail={d} />
              </Flex>
            </Col>
            <Col xs={24} xl={8}>
              <Flex vertical gap={16}>
                <FamilyCard detail={d} />
                <AsOfCard personId={d.person.id} />
                <EventsCard events={d.events} />
                <ReportsCard reports={d.reports} />
              </Flex>
            </Col>
          </Row>
        )}
      </QueryResult>
    </Page>
  );
}
