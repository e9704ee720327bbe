import { CloudUploadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Progress, Radio, Result, Row, Select, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, api } from '../api/api.js';
import type {
  ImportDuplicate,
  ImportEncoding,
  ImportKind,
  ImportPreview,
  ImportProgress,
  ImportRejected,
  ImportSucceeded,
} from '../api/types.js';
import { DownloadButtons } from '../shell/DownloadButtons.js';
import { Page } from '../shell/Page.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { useQuery } from '../api/useQuery.js';
import { ErrorReportButtons } from './ErrorReportButtons.js';
import { ImportBatchList } from './ImportBatchList.js';
import { ImportCounts } from './ImportCounts.js';
import { ImportPreviewCard } from './ImportPreviewCard.js';
import { ImportProblemsTable } from './ImportProblemsTable.js';
import {
  doublyMapped,
  importForm,
  mappingChanges,
  mappingOf,
  missingFields,
  progressToken,
  sameMapping,
} from './importForm.js';
import { useImportProgress } from './useImportProgress.js';

type Outcome =
  | { type: 'imported'; answer: ImportSucceeded; fileName: string }
  | { type: 'rejected'; answer: ImportRejected }
  | { type: 'duplicate'; answer: ImportDuplicate };

const ENCODINGS: ImportEncoding[] = ['auto', 'utf-8', 'gbk'];

function ProgressLine({ uploaded, server }: { uploaded: number; server: ImportProgress | undefined }) {
  const { t } = useTranslation();
  if (uploaded < 1 || !server) {
    return (
      <Flex vertical gap={4} data-testid="import-progress" data-phase="uploading">
        <Typography.Text>{t('imports.uploading', { percent: Math.round(uploaded * 100) })}</Typography.Text>
        <Progress percent={Math.round(uploaded * 100)} status="active" />
      </Flex>
    );
  }
  const percent = server.total ? Math.min(99, Math.round((server.rows / server.total) * 100)) : undefined;
  return (
    <Flex vertical gap={4} data-testid="import-progress" data-phase={server.phase}>
      <Typography.Text>
        {t(`imports.phase.${server.phase}`)}
        {server.rows > 0 &&
          ` · ${server.total ? t('imports.progressRows', { rows: server.rows, total: server.total }) : t('imports.progressRowsNoTotal', { rows: server.rows })}`}
      </Typography.Text>
      <Progress percent={percent ?? 100} status="active" showInfo={percent !== undefined} />
    </Flex>
  );
}

function OutcomeCard({ outcome, onAgain }: { outcome: Outcome; onAgain: () => void }) {
  const { t } = useTranslation();
  switch (outcome.type) {
    case 'imported':
      return (
        <Card data-testid="import-success">
          <Result
            status="success"
            title={t('imports.succeeded')}
            subTitle={t('imports.succeededDetail', { file: outcome.fileName })}
            extra={[
              <Link key="batch" to={`/imports/${outcome.answer.batchId}`} data-testid="import-open-batch">
                {t('imports.openBatch')}
              </Link>,
              <Button key="again" onClick={onAgain}>
                {t('imports.chooseAgain')}
              </Button>,
            ]}
          >
            <ImportCounts counts={outcome.answer.counts} />
            {outcome.answer.warnings.length > 0 && (
              <Flex vertical gap={4} style={{ marginTop: 12 }}>
                <Typography.Text strong>{t('imports.warnings')}</Typography.Text>
                {outcome.answer.warnings.map((w, i) => (
                  <Typography.Text key={i} type="warning">
                    {w.message}
                  </Typography.Text>
                ))}
              </Flex>
            )}
          </Result>
        </Card>
      );
    case 'rejected': {
      const a = outcome.answer;
      return (
        <Card
          title={t('imports.rejected')}
          data-testid="import-rejected"
          extra={<Link to={`/imports/${a.batchId}`}>{t('imports.openBatch')}</Link>}
        >
          <Flex vertical gap={12}>
            <Alert type="error" showIcon title={a.message} data-testid="import-rejected-message" />
            <Flex gap={12} align="center" wrap>
              <Typography.Text strong>{t('imports.errorReport')}</Typography.Text>
              <ErrorReportButtons batchId={a.batchId} />
            </Flex>
            {a.problemCount > a.problems.length && (
              <Alert
                type="warning"
                showIcon
                title={t('imports.problemsTruncated', { total: a.problemCount, shown: a.problems.length })}
              />
            )}
            <ImportProblemsTable problems={a.problems} data-testid="import-rejected-problems" />
          </Flex>
        </Card>
      );
    }
    case 'duplicate':
      return (
        <Alert
          type="warning"
          showIcon
          data-testid="import-duplicate"
          title={t('imports.duplicate')}
          description={outcome.answer.message}
          action={<Link to={`/imports/${outcome.answer.batchId}`}>{t('imports.openBatch')}</Link>}
        />
      );
  }
}

/**
 * 数据导入: the county statistician, the county administrator or a township officer brings a
 * register kept in Excel or CSV into the registry. Choose what to import and the file; the server
 * reads it and shows what it found (header, column mapping, the first rows, every problem)
 * without writing; then the import writes all of it in one transaction or nothing, listing every
 * bad row with an error report to download. Past imports are listed below.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const showError = useErrorMessage();
  // The server's limit (RENKOU_IMPORT_MAX_MB): said on the page, and a larger file is refused
  // here before minutes of uploading end in a 413.
  const limits = useQuery(() => api.importLimits(), []);
  const maxMb = limits.data ? Math.round(limits.data.maxUploadBytes / 1024 / 1024) : undefined;
  const [kind, setKind] = useState<ImportKind>('persons');
  const [encoding, setEncoding] = useState<ImportEncoding>('auto');
  const [file, setFile] = useState<File>();
  const [sheet, setSheet] = useState<string>();
  const [preview, setPreview] = useState<ImportPreview>();
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [previewedMapping, setPreviewedMapping] = useState<Record<string, string>>({});
  /** What the server suggested for this file (and sheet); only the user's changes to it are sent. */
  const [suggested, setSuggested] = useState<Record<string, string>>({});
  const [stage, setStage] = useState<'idle' | 'previewing' | 'importing'>('idle');
  const [uploaded, setUploaded] = useState(0);
  const [token, setToken] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [batchesVersion, setBatchesVersion] = useState(0);
  const busy = useRef(false);
  const progress = useImportProgress(token);
  const outcomeRef = useRef<HTMLDivElement>(null);
  // The outcome appears above the (now cleared) preview: bring it into view.
  useEffect(() => {
    if (outcome) outcomeRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [outcome]);

  const changes = mappingChanges(mapping, suggested);
  const mappingDirty = preview !== undefined && !sameMapping(mapping, previewedMapping);
  const blocked =
    !preview ||
    mappingDirty ||
    preview.headerRow === null ||
    missingFields(preview.fields, mapping).length > 0 ||
    doublyMapped(mapping).size > 0;

  const reset = () => {
    setFile(undefined);
    setSheet(undefined);
    setPreview(undefined);
    setMapping({});
    setPreviewedMapping({});
    setSuggested({});
  };

  const runPreview = async (input: {
    file: File;
    kind: ImportKind;
    encoding: ImportEncoding;
    sheet?: string;
    mapping?: Record<string, string>;
  }) => {
    if (busy.current) return;
    busy.current = true;
    setStage('previewing');
    setUploaded(0);
    try {
      const answer = await api.previewImport(
        importForm({
          kind: input.kind,
          options: { encoding: input.encoding, sheet: input.sheet, mapping: input.mapping },
          file: input.file,
          fileName: input.file.name,
        }),
        setUploaded,
      );
      const next = mappingOf(answer);
      if (!input.mapping) setSuggested(next);
      setPreview(answer);
      setMapping(next);
      setPreviewedMapping(next);
    } catch (err) {
      setPreview(undefined);
      showError(err);
    } finally {
      busy.current = false;
      setStage('idle');
    }
  };

  const choose = (chosen: File) => {
    reset();
    setOutcome(undefined);
    if (limits.data && chosen.size > limits.data.maxUploadBytes) {
      showError(
        new ApiError(
          413,
          'FILE_TOO_LARGE',
          t('imports.tooLarge', { name: chosen.name, size: (chosen.size / 1024 / 1024).toFixed(1), mb: maxMb }),
        ),
      );
      return;
    }
    setFile(chosen);
    void runPreview({ file: chosen, kind, encoding });
  };

  const runImport = async () => {
    // A ref, not the state: a double click arrives before the re-render that disables the button.
    if (busy.current || !file || !preview) return;
    busy.current = true;
    const myToken = progressToken();
    setStage('importing');
    setUploaded(0);
    setToken(myToken);
    try {
      const answer = await api.runImport(
        importForm({
          kind,
          options: { encoding, sheet, mapping: changes },
          file,
          fileName: file.name,
          progressToken: myToken,
        }),
        setUploaded,
      );
      setOutcome({ type: 'imported', answer, fileName: file.name });
      reset();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'IMPORT_REJECTED') {
        setOutcome({ type: 'rejected', answer: err.body as ImportRejected });
        reset();
      } else if (err instanceof ApiError && err.code === 'ALREADY_IMPORTED') {
        setOutcome({ type: 'duplicate', answer: err.body as ImportDuplicate });
        reset();
      } else {
        showError(err);
      }
    } finally {
      busy.current = false;
      setToken(undefined);
      setStage('idle');
      setBatchesVersion((v) => v + 1);
    }
  };

  return (
    <Page title={t('imports.title')} subtitle={t('imports.subtitle')} data-testid="import-page">
      <Card title={t('imports.step1')}>
        <Row gutter={[24, 16]}>
          <Col xs={24} lg={12}>
            <Flex vertical gap={16}>
              <div>
                <Typography.Text strong>{t('imports.kind')}</Typography.Text>
                <div style={{ marginTop: 8 }}>
                  <Radio.Group
                    value={kind}
                    disabled={stage !== 'idle'}
                    onChange={(e) => {
                      setKind(e.target.value as ImportKind);
                      reset();
                      setOutcome(undefined);
                    }}
                    optionType="button"
                    buttonStyle="solid"
                    data-testid="import-kind"
                    options={[
                      {
                        value: 'persons',
                        label: <span data-testid="import-kind-persons">{t('imports.kindPersons')}</span>,
                      },
                      {
                        value: 'events',
                        label: <span data-testid="import-kind-events">{t('imports.kindEvents')}</span>,
                      },
                    ]}
                  />
                </div>
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {kind === 'persons' ? t('imports.kindPersonsHint') : t('imports.kindEventsHint')}
                </Typography.Paragraph>
              </div>
              <div>
                <Typography.Text strong>{t('imports.template')}</Typography.Text>
                <div style={{ marginTop: 8 }}>
                  <DownloadButtons
                    load={(format) => api.importTemplate(kind, format)}
                    labels={{ xlsx: t('imports.templateXlsx'), csv: t('imports.templateCsv') }}
                    testid="template"
                  />
                </div>
              </div>
              <div>
                <Typography.Text strong>{t('imports.encoding')}</Typography.Text>
                <div style={{ marginTop: 8 }}>
                  <Select<ImportEncoding>
                    value={encoding}
                    disabled={stage !== 'idle'}
                    onChange={(v) => {
                      setEncoding(v);
                      if (file)
                        void runPreview({
                          file,
                          kind,
                          encoding: v,
                          sheet,
                          mapping: changes,
                        });
                    }}
                    options={ENCODINGS.map((e) => ({
                      value: e,
                      label:
                        e === 'auto'
                          ? t('imports.encodingAuto')
                          : e === 'gbk'
                            ? t('imports.encodingGbk')
                            : t('imports.encodingUtf8'),
                    }))}
                    style={{ width: 220 }}
                    data-testid="import-encoding"
                  />
                </div>
              </div>
            </Flex>
          </Col>
          <Col xs={24} lg={12}>
            <div data-testid="import-file">
              <Upload.Dragger
                accept=".xlsx,.csv,.txt"
                multiple={false}
                showUploadList={false}
                disabled={stage !== 'idle'}
                beforeUpload={(chosen) => {
                  choose(chosen);
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{file ? file.name : t('imports.drop')}</p>
                <p className="ant-upload-hint">{t('imports.dropHint', { mb: maxMb ?? 100 })}</p>
              </Upload.Dragger>
            </div>
            {stage === 'previewing' && (
              <div style={{ marginTop: 16 }}>
                {uploaded >= 1 ? (
                  <Typography.Text data-testid="import-previewing">{t('imports.previewing')}</Typography.Text>
                ) : (
                  <ProgressLine uploaded={uploaded} server={undefined} />
                )}
              </div>
            )}
          </Col>
        </Row>
      </Card>

      {outcome && (
        <div ref={outcomeRef} style={{ scrollMarginTop: 72 }}>
          <OutcomeCard outcome={outcome} onAgain={() => setOutcome(undefined)} />
        </div>
      )}

      {preview && file && (
        <>
          <ImportPreviewCard
            preview={preview}
            mapping={mapping}
            mappingDirty={mappingDirty}
            busy={stage === 'previewing'}
            onMappingChange={(next) => {
              setMapping(next);
            }}
            onRepreview={() => void runPreview({ file, kind, encoding, sheet, mapping: changes })}
            sheetPicker={
              preview.sheetNames.length > 1 ? (
                <Select
                  value={sheet ?? preview.sheetName ?? undefined}
                  disabled={stage !== 'idle'}
                  options={preview.sheetNames.map((s) => ({ value: s, label: s }))}
                  onChange={(s: string) => {
                    setSheet(s);
                    void runPreview({ file, kind, encoding, sheet: s });
                  }}
                  style={{ minWidth: 160 }}
                  data-testid="import-sheet"
                />
              ) : undefined
            }
          />
          <Card title={t('imports.step3')}>
            <Flex vertical gap={12}>
              {preview.problemCount > 0 && <Alert type="warning" showIcon title={t('imports.willBeRefused')} />}
              {stage === 'importing' && <ProgressLine uploaded={uploaded} server={progress} />}
              <Flex gap={8} justify="end">
                <Button onClick={reset} disabled={stage !== 'idle'}>
                  {t('imports.chooseAgain')}
                </Button>
                <Button
                  type="primary"
                  icon={<CloudUploadOutlined />}
                  disabled={blocked || stage === 'previewing'}
                  loading={stage === 'importing'}
                  onClick={() => void runImport()}
                  data-testid="import-start"
                >
                  {t('imports.start')}
                </Button>
              </Flex>
            </Flex>
          </Card>
        </>
      )}

      <Card title={t('imports.history')}>
        <ImportBatchList version={batchesVersion} />
      </Card>
    </Page>
  );
}
