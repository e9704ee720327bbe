import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Flex,
  Input,
  Progress,
  Radio,
  Row,
  Select,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, saveFile } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { FeedProblemsTable } from './FeedProblemsTable.js';
import { feedsApi, type FeedEncoding, type FeedReceipt, type FeedRefusal, type FeedTypeCode } from './feedsApi.js';

const ENCODINGS: FeedEncoding[] = ['auto', 'utf-8', 'gbk'];
type Outcome = { kind: 'receipt'; receipt: FeedReceipt } | { kind: 'refused'; refusal: FeedRefusal };

/** Upload one feed file: its type, the sending department, the CSV encoding; the template to fill. */
export function FeedUploadCard({ onOpen }: { onOpen: (batchId: string) => void }) {
  const { t, i18n } = useTranslation();
  const showError = useErrorMessage();
  const types = useQuery(() => feedsApi.types(), []);
  const [feedType, setFeedType] = useState<FeedTypeCode>('hospital_birth');
  const [department, setDepartment] = useState('');
  const [encoding, setEncoding] = useState<FeedEncoding>('auto');
  const [file, setFile] = useState<File>();
  const [sent, setSent] = useState<number>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [templateBusy, setTemplateBusy] = useState(false);
  const en = i18n.language === 'en';
  const info = types.data?.find((x) => x.code === feedType);

  const submit = async () => {
    if (!file) return;
    const form = new FormData();
    form.append('feedType', feedType);
    form.append('encoding', encoding);
    if (department.trim()) form.append('departmentName', department.trim());
    form.append('file', file);
    setOutcome(undefined);
    setSent(0);
    try {
      const receipt = await feedsApi.upload(form, setSent);
      setOutcome({ kind: 'receipt', receipt });
      setFile(undefined);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'FEED_REFUSED')
        setOutcome({ kind: 'refused', refusal: err.body as FeedRefusal });
      else showError(err);
    } finally {
      setSent(undefined);
    }
  };

  const template = () => {
    setTemplateBusy(true);
    feedsApi
      .template(feedType)
      .then(saveFile)
      .catch(showError)
      .finally(() => setTemplateBusy(false));
  };

  return (
    <Flex vertical gap={16}>
      <Card title={t('feeds.upload.title')} data-testid="feed-upload">
        <Row gutter={[24, 16]}>
          <Col xs={24} lg={12}>
            <Flex vertical gap={16}>
              <div>
                <Typography.Text strong>{t('feeds.upload.type')}</Typography.Text>
                <Flex gap={8} wrap style={{ marginTop: 4 }}>
                  <Select
                    value={feedType}
                    onChange={setFeedType}
                    options={(types.data ?? []).map((x) => ({ value: x.code, label: en ? x.nameEn : x.nameZh }))}
                    style={{ width: 260 }}
                    data-testid="feed-upload-type"
                  />
                  <Button
                    icon={<DownloadOutlined />}
                    loading={templateBusy}
                    onClick={template}
                    data-testid="feed-template"
                  >
                    {t('feeds.upload.template')}
                  </Button>
                </Flex>
              </div>
              <Flex vertical gap={4}>
                <Typography.Text strong>{t('feeds.upload.departmentName')}</Typography.Text>
                <Input
                  value={department}
                  maxLength={60}
                  onChange={(e) => setDepartment(e.target.value)}
                  placeholder={
                    info
                      ? t('feeds.upload.departmentPlaceholder', {
                          name: en ? info.department.nameEn : info.department.nameZh,
                        })
                      : ''
                  }
                  style={{ maxWidth: 360 }}
                  data-testid="feed-upload-department"
                />
              </Flex>
              <div>
                <Typography.Text strong>{t('feeds.upload.encoding')}</Typography.Text>
                <div style={{ marginTop: 4 }}>
                  <Radio.Group
                    value={encoding}
                    onChange={(e) => setEncoding(e.target.value as FeedEncoding)}
                    options={ENCODINGS.map((e) => ({
                      value: e,
                      label: t(
                        e === 'auto'
                          ? 'feeds.upload.encodingAuto'
                          : e === 'gbk'
                            ? 'feeds.upload.encodingGbk'
                            : 'feeds.upload.encodingUtf8',
                      ),
                    }))}
                    data-testid="feed-upload-encoding"
                  />
                </div>
              </div>
            </Flex>
          </Col>
          <Col xs={24} lg={12}>
            <div>
              <Upload.Dragger
                accept=".xlsx,.csv,.txt"
                multiple={false}
                showUploadList={false}
                disabled={sent !== undefined}
                beforeUpload={(chosen) => {
                  setFile(chosen);
                  setOutcome(undefined);
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text" data-testid="feed-upload-file">
                  {file ? file.name : t('feeds.upload.drop')}
                </p>
                <p className="ant-upload-hint">{t('feeds.upload.dropHint')}</p>
              </Upload.Dragger>
            </div>
            <Flex gap={12} align="center" style={{ marginTop: 16 }}>
              <Button
                type="primary"
                icon={<UploadOutlined />}
                disabled={!file}
                loading={sent !== undefined}
                onClick={() => void submit()}
                data-testid="feed-upload-submit"
              >
                {t('feeds.upload.submit')}
              </Button>
              {sent !== undefined && <Progress percent={Math.round(sent * 100)} size="small" style={{ flex: 1 }} />}
            </Flex>
          </Col>
        </Row>
      </Card>

      {outcome?.kind === 'receipt' && (
        <Alert
          type={outcome.receipt.outcome === 'duplicate' ? 'info' : 'success'}
          showIcon
          data-testid="feed-upload-outcome"
          message={
            outcome.receipt.outcome === 'duplicate'
              ? t('feeds.upload.duplicate')
              : t('feeds.upload.parsed', { count: outcome.receipt.batch.recordCount })
          }
          description={outcome.receipt.message}
          action={
            <Button size="small" onClick={() => onOpen(outcome.receipt.batch.id)}>
              {t('feeds.upload.open')}
            </Button>
          }
        />
      )}
      {outcome?.kind === 'refused' && (
        <Card data-testid="feed-upload-refused">
          <Alert
            type="error"
            showIcon
            message={t('feeds.upload.refused', { count: outcome.refusal.batch.problemCount })}
            description={outcome.refusal.message}
            action={
              <Button size="small" onClick={() => onOpen(outcome.refusal.batchId)}>
                {t('feeds.upload.open')}
              </Button>
            }
            style={{ marginBottom: 16 }}
          />
          <FeedProblemsTable problems={outcome.refusal.problems} />
        </Card>
      )}

      {info && (
        <Collapse
          items={[
            {
              key: 'columns',
              label: t('feeds.upload.columns'),
              children: (
                <Table
                  rowKey="key"
                  size="small"
                  pagination={false}
                  dataSource={info.columns}
                  columns={[
                    {
                      title: t('feeds.upload.columnHeader'),
                      dataIndex: 'header',
                      width: 200,
                      render: (h: string, c) =>
                        c.required ? (
                          <Typography.Text strong>
                            {h} <Tag color="red">{t('feeds.upload.required')}</Tag>
                          </Typography.Text>
                        ) : (
                          h
                        ),
                    },
                    { title: t('feeds.upload.columnNote'), dataIndex: 'note' },
                    {
                      title: t('feeds.upload.columnSynonyms'),
                      dataIndex: 'synonyms',
                      render: (s: string[]) => (
                        <Typography.Text type="secondary">{s.slice(0, 4).join('、')}</Typography.Text>
                      ),
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      )}
    </Flex>
  );
}
