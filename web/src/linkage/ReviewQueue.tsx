import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Modal,
  Pagination,
  Popconfirm,
  Row,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { useListParams } from '../shell/useListParams.js';
import { linkageApi, type Candidate, type FieldExplanation, type ReviewItem } from './linkageApi.js';
import { bilingual, formatMU, formatProbability, formatWeight, weightTone } from './linkageFormat.js';

const PAGE_SIZE = 10;
const TONE_COLOR = { for: '#389e0d', against: '#cf1322', neutral: undefined } as const;

/** The review tab: uncertain pairs of the reviewer's area, each with its candidates and why. */
export function ReviewQueue() {
  const { t } = useTranslation();
  const { page, update } = useListParams(PAGE_SIZE);
  const [refresh, setRefresh] = useState(0);
  const query = useQuery(() => linkageApi.review({ page, pageSize: PAGE_SIZE }), [page, refresh]);
  return (
    <>
      <Card size="small">
        <Typography.Text type="secondary">{t('linkage.review.intro')}</Typography.Text>
      </Card>
      <QueryResult {...query}>
        {(data) =>
          data.items.length === 0 ? (
            <Card>
              <Empty description={t('linkage.review.none')} data-testid="review-empty" />
            </Card>
          ) : (
            <Flex vertical gap={16} data-testid="review-list">
              {data.items.map((item) => (
                <ReviewPair key={item.id} item={item} onDecided={() => setRefresh((n) => n + 1)} />
              ))}
              <Pagination
                align="end"
                current={page}
                pageSize={PAGE_SIZE}
                total={data.total}
                showSizeChanger={false}
                showTotal={(count) => t('common.total', { count })}
                onChange={(p) => update({ page: String(p) })}
              />
            </Flex>
          )
        }
      </QueryResult>
    </>
  );
}

function ReviewPair({ item, onDecided }: { item: ReviewItem; onDecided: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [busy, setBusy] = useState<string>();
  const [noteOpen, setNoteOpen] = useState(false);
  const [note, setNote] = useState('');

  const decide = async (body: Parameters<typeof linkageApi.decide>[1], key: string) => {
    setBusy(key);
    try {
      await linkageApi.decide(item.id, body);
      void message.success(t('linkage.review.decided'));
      setNoteOpen(false);
      onDecided();
    } catch (err) {
      showError(err);
      // Someone else decided first: the list is stale.
      if (err instanceof ApiError && err.status === 409) onDecided();
    } finally {
      setBusy(undefined);
    }
  };

  const feedName = item.feedPerson.name ?? '—';
  return (
    <Card
      data-testid="review-pair"
      title={
        <Flex gap={8} align="center" wrap>
          <Tag color="blue">{t(`linkage.feedType.${item.feedType}`)}</Tag>
          <span>{t('linkage.feedRow', { type: t(`linkage.recordType.${item.recordType}`), row: item.rowNumber })}</span>
          <Tag>{t(`linkage.role.${item.role}`)}</Tag>
        </Flex>
      }
      extra={
        <Button icon={<CloseOutlined />} onClick={() => setNoteOpen(true)} data-testid="review-nonmatch">
          {t('linkage.review.notInRegistry')}
        </Button>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={7}>
          <Card size="small" title={t('linkage.review.feedRecord')} style={{ background: '#f6f8fb', height: '100%' }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'name', label: t('linkage.review.name'), children: <strong>{feedName}</strong> },
                { key: 'id', label: t('linkage.review.idNumber'), children: item.feedPerson.idNumberMasked ?? '—' },
                ...(item.role === 'subject'
                  ? [
                      { key: 'sex', label: t('linkage.review.sex'), children: item.sex ? t(`sex.${item.sex}`) : '—' },
                      {
                        key: 'birth',
                        label: t('linkage.review.birthDate'),
                        children: formatDate(item.birthDate) || '—',
                      },
                    ]
                  : []),
                {
                  key: 'event',
                  label: t('linkage.review.eventDate'),
                  children: `${t(`linkage.recordType.${item.recordType}`)} ${formatDate(item.eventDate)}`,
                },
                { key: 'address', label: t('linkage.review.address'), children: item.address ?? '—' },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              {t('linkage.review.verdict', { text: bilingual(item.verdict, en) })}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={17}>
          <Flex vertical gap={12}>
            {item.candidates.map((c, i) => (
              <CandidateCard
                key={c.personId}
                n={i + 1}
                candidate={c}
                feedName={feedName}
                busy={busy === c.personId}
                disabled={busy !== undefined}
                onSame={() => void decide({ decision: 'match', personId: c.personId }, c.personId)}
              />
            ))}
          </Flex>
        </Col>
      </Row>
      <Modal
        open={noteOpen}
        title={t('linkage.review.notInRegistryTitle')}
        okText={t('linkage.review.notInRegistry')}
        okButtonProps={
          { loading: busy === 'nonmatch', danger: true, 'data-testid': 'review-nonmatch-ok' } as ButtonProps
        }
        onOk={() => void decide({ decision: 'nonmatch', ...(note.trim() ? { note: note.trim() } : {}) }, 'nonmatch')}
        onCancel={() => setNoteOpen(false)}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          showCount
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('linkage.review.notePlaceholder')}
        />
      </Modal>
    </Card>
  );
}

function CandidateCard({
  n,
  candidate: c,
  feedName,
  busy,
  disabled,
  onSame,
}: {
  n: number;
  candidate: Candidate;
  feedName: string;
  busy: boolean;
  disabled: boolean;
  onSame: () => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const p = c.person;
  return (
    <Card
      size="small"
      data-testid="review-candidate"
      title={
        <Flex gap={8} align="center" wrap>
          <span>{t('linkage.review.candidate', { n })}</span>
          {p ? (
            <Link to={`/persons/${p.id}`} target="_blank">
              {p.name}
            </Link>
          ) : (
            <Typography.Text type="secondary">{t('linkage.review.missingPerson')}</Typography.Text>
          )}
        </Flex>
      }
      extra={
        <Flex gap={12} align="center">
          <span>
            <Typography.Text type="secondary">{t('linkage.review.probability')} </Typography.Text>
            <Typography.Text strong style={{ fontSize: 16 }} data-testid="candidate-probability">
              {formatProbability(c.probability)}
            </Typography.Text>
          </span>
          <Popconfirm
            title={t('linkage.review.sameConfirm', { feed: feedName, person: p?.name ?? '' })}
            onConfirm={onSame}
            disabled={!p || disabled}
          >
            <Button
              type="primary"
              icon={<CheckOutlined />}
              loading={busy}
              disabled={!p || disabled}
              data-testid="review-same"
            >
              {t('linkage.review.same')}
            </Button>
          </Popconfirm>
        </Flex>
      }
    >
      {p && (
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          style={{ marginBottom: 8 }}
          items={[
            { key: 'id', label: t('linkage.review.idNumber'), children: p.idNumberMasked ?? '—' },
            { key: 'birth', label: t('linkage.review.birthDate'), children: formatDate(p.birthDate) || '—' },
            { key: 'sex', label: t('linkage.review.sex'), children: t(`sex.${p.sex}`) },
            { key: 'village', label: t('linkage.review.village'), children: p.unitName },
            { key: 'status', label: t('linkage.review.status'), children: t(`personStatus.${p.status}`) },
          ]}
        />
      )}
      <Table<FieldExplanation>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={c.fields}
        data-testid="candidate-fields"
        columns={[
          { title: t('linkage.review.field'), dataIndex: 'label', width: 140, render: (l: string) => bilingual(l, en) },
          { title: t('linkage.review.level'), dataIndex: 'levelLabel', render: (l: string) => bilingual(l, en) || '—' },
          {
            title: t('linkage.review.m'),
            dataIndex: 'm',
            width: 130,
            align: 'right',
            render: (v: number | null) => formatMU(v),
          },
          {
            title: t('linkage.review.u'),
            dataIndex: 'u',
            width: 130,
            align: 'right',
            render: (v: number | null) => formatMU(v),
          },
          {
            title: t('linkage.review.weight'),
            dataIndex: 'weight',
            width: 100,
            align: 'right',
            render: (w: number) => (
              <Typography.Text strong style={{ color: TONE_COLOR[weightTone(w)] }} data-testid="field-weight">
                {formatWeight(w)}
              </Typography.Text>
            ),
          },
        ]}
        summary={() => (
          <>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>
                {t('linkage.review.prior')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <Typography.Text style={{ color: TONE_COLOR[weightTone(c.prior)] }}>
                  {formatWeight(c.prior)}
                </Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>
                <Typography.Text strong>{t('linkage.review.total')}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 12 }}>
                  {t('linkage.review.weightHelp')}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <Typography.Text
                  strong
                  style={{ color: TONE_COLOR[weightTone(c.weight)] }}
                  data-testid="candidate-weight"
                >
                  {formatWeight(c.weight)}
                </Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </>
        )}
      />
    </Card>
  );
}
