import { Alert as AntAlert, App, Button, Card, Descriptions, Flex, Input, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { qualityApi, type AlertDetail } from './qualityApi.js';
import { formatNumber, formatP, formatPercent, paramsOf } from './qualityFormat.js';
import { AlertStatusTag, SeverityTag } from './tags.js';
import { ViolationTable } from './ViolationList.js';

type Action = 'acknowledge' | 'dismiss' | 'reopen';

/** One alert: what is unusual, how unusual, the records it rests on; acknowledge, dismiss or reopen it with a note. */
export function AlertDetailPage({ onChanged }: { onChanged: () => void }) {
  const { id = '' } = useParams();
  const query = useQuery(() => qualityApi.alert(id), [id]);
  return (
    <QueryResult {...query}>
      {(a) => (
        <AlertDetailView
          alert={a}
          onChanged={() => {
            onChanged();
          }}
        />
      )}
    </QueryResult>
  );
}

function AlertDetailView({ alert: a, onChanged }: { alert: AlertDetail; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useMe();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [action, setAction] = useState<Action | null>(null);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [violationPage, setViolationPage] = useState(1);

  const submit = async () => {
    if (!action) return;
    if (!note.trim()) {
      void message.warning(t('quality.actions.noteRequired'));
      return;
    }
    setSaving(true);
    try {
      await qualityApi.act(a.id, action, note.trim());
      void message.success(t('quality.actions.done'));
      setAction(null);
      setNote('');
      onChanged();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  const s = a.detail.stats ?? {};
  const isShare = a.code === 'sexRatioFunnel' || a.code === 'lateReporting';
  const fmtValue = (v: number | null | undefined) =>
    isShare
      ? formatPercent(v)
      : a.code.startsWith('birthRate') || a.code === 'birthsYearOnYear'
        ? `${formatNumber(v, 2)}‰`
        : formatNumber(v, 2);
  const stats: Array<[string, string]> = [];
  if (a.detail.count !== undefined) stats.push([t('quality.detail.count'), String(a.detail.count)]);
  if (s.observed !== undefined) stats.push([t('quality.detail.observed'), String(s.observed)]);
  if (s.expected !== undefined) stats.push([t('quality.detail.expected'), formatNumber(s.expected)]);
  if (s.x !== undefined) stats.push([t('quality.detail.x'), formatNumber(s.x, 0)]);
  if (s.value !== undefined) stats.push([t('quality.detail.value'), fmtValue(s.value)]);
  if (s.sexRatio !== undefined) stats.push([t('quality.detail.sexRatio'), formatNumber(s.sexRatio)]);
  if (s.ratio !== undefined) stats.push([t('quality.detail.ratio'), formatNumber(s.ratio, 2)]);
  if (s.z !== undefined) stats.push([t('quality.detail.z'), formatNumber(s.z, 2)]);
  if (s.p !== undefined) stats.push([t('quality.detail.p'), formatP(s.p)]);
  if (s.pNone !== undefined) stats.push([t('quality.detail.pNone'), formatP(s.pNone)]);
  if (s.limits95)
    stats.push([t('quality.detail.limits95'), `${fmtValue(s.limits95.lower)} – ${fmtValue(s.limits95.upper)}`]);
  if (s.limits998)
    stats.push([t('quality.detail.limits998'), `${fmtValue(s.limits998.lower)} – ${fmtValue(s.limits998.upper)}`]);
  if (s.robustScore !== undefined) stats.push([t('quality.detail.robustScore'), formatNumber(s.robustScore)]);

  const links = a.detail.links ?? [];
  const records = links.find((l) => l.href.startsWith('/api/indicators/'));
  const violations = a.kind === 'rule' ? links.find((l) => l.href.startsWith('/quality/violations')) : undefined;
  const checkName = a.check ? (i18n.language === 'en' ? a.check.nameEn : a.check.nameZh) : a.code;

  return (
    <>
      <Card
        title={
          <Flex gap={8} align="center" wrap>
            <SeverityTag severity={a.severity} />
            <span data-testid="alert-title">{a.title}</span>
            <AlertStatusTag status={a.status} />
          </Flex>
        }
        extra={
          <Flex gap={8}>
            {a.status === 'open' && (
              <Button onClick={() => setAction('acknowledge')} data-testid="acknowledge">
                {t('quality.actions.acknowledge')}
              </Button>
            )}
            {can('quality.dismiss') && (a.status === 'open' || a.status === 'acknowledged') && (
              <Button danger onClick={() => setAction('dismiss')} data-testid="dismiss">
                {t('quality.actions.dismiss')}
              </Button>
            )}
            {can('quality.dismiss') && (a.status === 'acknowledged' || a.status === 'dismissed') && (
              <Button onClick={() => setAction('reopen')}>{t('quality.actions.reopen')}</Button>
            )}
          </Flex>
        }
      >
        <Typography.Paragraph style={{ fontSize: 15 }} data-testid="alert-message">
          {a.message}
        </Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
          <Descriptions.Item
            label={t('quality.kind')}
          >{`${t(`quality.kindName.${a.kind}`)}：${checkName}`}</Descriptions.Item>
          <Descriptions.Item label={t('quality.unit')}>{a.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('quality.period')}>
            {a.period === 'current' ? t('quality.current') : t('quality.year', { year: a.period })}
          </Descriptions.Item>
          <Descriptions.Item label={t('quality.firstDetectedAt')}>
            {formatDateTime(a.firstDetectedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('quality.detectedAt')}>{formatDateTime(a.detectedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('quality.resolvedAt')}>{formatDateTime(a.resolvedAt)}</Descriptions.Item>
          {a.note && (
            <Descriptions.Item label={t('quality.note')} span={3}>
              {a.note}（{a.actedBy ?? '—'}，{formatDateTime(a.actedAt)}）
            </Descriptions.Item>
          )}
        </Descriptions>
        {a.check?.descriptionZh && !a.message.includes(a.check.descriptionZh) && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {a.check.descriptionZh}
          </Typography.Paragraph>
        )}
      </Card>
      {stats.length > 0 && (
        <Card size="small" title={t('quality.detail.stats')}>
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} data-testid="alert-stats">
            {stats.map(([label, value]) => (
              <Descriptions.Item key={label} label={label}>
                {value}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      {violations && (
        <Card
          size="small"
          title={t('quality.detail.violations')}
          styles={{ body: { padding: 0 } }}
          extra={<Link to={violations.href}>{t('common.open')}</Link>}
        >
          <ViolationTable {...paramsOf(violations.href)} page={violationPage} onPage={setViolationPage} />
        </Card>
      )}
      {records && <RecordsCard href={records.href} />}
      {links.length > 0 && (
        <Card size="small" title={t('quality.detail.links')}>
          <Flex gap={16} wrap>
            {links.map((l) =>
              l.href.startsWith('/api/') ? (
                <Typography.Text key={l.href} copyable={{ text: l.href }} type="secondary">
                  {l.labelZh}：
                  <a href={l.href} target="_blank" rel="noreferrer">
                    {l.href}
                  </a>
                </Typography.Text>
              ) : (
                <Link key={l.href} to={l.href}>
                  {l.labelZh}
                </Link>
              ),
            )}
          </Flex>
        </Card>
      )}
      <Modal
        open={action !== null}
        title={action ? t(`quality.actions.${action}Title`) : ''}
        onCancel={() => setAction(null)}
        onOk={() => void submit()}
        confirmLoading={saving}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
      >
        <Input.TextArea
          rows={4}
          maxLength={500}
          showCount
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('quality.actions.notePlaceholder')}
          data-testid="alert-note"
        />
        <AntAlert type="info" showIcon style={{ marginTop: 12 }} title={t('quality.actions.audited')} />
      </Modal>
    </>
  );
}

type RecordItem = {
  personId?: string;
  name?: string;
  idNumberMasked?: string | null;
  eventDate?: string;
  birthDate?: string;
  unitName?: string;
  reportId?: string | null;
  type?: string;
};

/** The first page of the indicator records an anomaly rests on (the drill-down, scoped and audited by the server). */
function RecordsCard({ href }: { href: string }) {
  const { t } = useTranslation();
  const query = useQuery(() => qualityApi.records(href), [href]);
  return (
    <Card size="small" title={t('quality.detail.records')} styles={{ body: { padding: 0 } }}>
      <QueryResult {...query}>
        {(data) => (
          <>
            <Table<RecordItem>
              size="small"
              rowKey={(r, i) => `${r.personId ?? ''}:${r.eventDate ?? ''}:${i ?? 0}`}
              dataSource={data.items as RecordItem[]}
              pagination={false}
              data-testid="alert-records"
              columns={[
                {
                  title: t('quality.violations.person'),
                  dataIndex: 'name',
                  render: (n: string, r) => (r.personId ? <Link to={`/persons/${r.personId}`}>{n}</Link> : n),
                },
                {
                  title: t('quality.violations.idNumber'),
                  dataIndex: 'idNumberMasked',
                  render: (s: string | null) => s ?? '—',
                },
                {
                  title: t('quality.violations.eventDate'),
                  dataIndex: 'eventDate',
                  render: (d: string | undefined, r) => formatDate(d ?? r.birthDate),
                },
                { title: t('quality.unit'), dataIndex: 'unitName' },
                {
                  title: '',
                  dataIndex: 'reportId',
                  render: (id: string | null | undefined) =>
                    id ? <Link to={`/reports/${id}`}>{t('quality.violations.openRecord')}</Link> : null,
                },
              ]}
            />
            {data.hidden > 0 && (
              <Typography.Paragraph type="secondary" style={{ margin: 12 }}>
                {t('quality.detail.recordsHidden', { count: data.hidden })}
              </Typography.Paragraph>
            )}
          </>
        )}
      </QueryResult>
    </Card>
  );
}
