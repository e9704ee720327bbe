import { ArrowLeftOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { saveFile } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { NoticeObjections } from './NoticeObjections.js';
import { workflowApi, type Notice, type NoticeEntry } from './workflowApi.js';

/**
 * Printing shows the notice alone: everything else on the page is hidden, the notice fills the
 * sheet. Scoped to this page by its class names.
 */
const PRINT_CSS = `
@media print {
  body * { visibility: hidden; }
  .notice-print, .notice-print * { visibility: visible; }
  .notice-print { position: absolute; left: 0; top: 0; width: 100%; padding: 0 12mm; }
  .notice-no-print { display: none !important; }
}`;

/**
 * /benefits/workflow/notices/:noticeId: a village's notice as it is posted (village and township,
 * period, the table with masked ID numbers, the total, where objections go), printable and
 * downloadable as Excel; below it the objections, recorded and resolved here.
 */
export function NoticePage() {
  const { noticeId = '' } = useParams();
  const { t } = useTranslation();
  const showError = useErrorMessage();
  const [downloading, setDownloading] = useState(false);
  const notice = useQuery(() => workflowApi.notice(noticeId), [noticeId]);
  return (
    <QueryResult {...notice}>
      {(n) => (
        <Flex vertical gap="middle">
          <style>{PRINT_CSS}</style>
          <Space className="notice-no-print">
            <Link to={`/benefits/workflow?cycle=${n.cycleId}`}>
              <Button icon={<ArrowLeftOutlined />}>{t('benefits.workflow.notice.back')}</Button>
            </Link>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="notice-print">
              {t('benefits.workflow.notice.print')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              loading={downloading}
              onClick={() => {
                setDownloading(true);
                workflowApi
                  .noticeXlsx(n.id)
                  .then(saveFile)
                  .catch(showError)
                  .finally(() => setDownloading(false));
              }}
              data-testid="notice-download"
            >
              {t('benefits.workflow.notice.download')}
            </Button>
          </Space>
          <NoticeSheet notice={n} />
          <div className="notice-no-print">
            <NoticeObjections notice={n} onChanged={() => void notice.reload()} />
          </div>
        </Flex>
      )}
    </QueryResult>
  );
}

export function NoticeSheet({ notice: n }: { notice: Notice }) {
  const { t, i18n } = useTranslation();
  const program = i18n.language === 'en' ? n.programNameEn : n.programName;
  return (
    <Card className="notice-print" data-testid="notice-sheet">
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        {t('benefits.workflow.notice.title', {
          township: n.townshipName ?? '',
          village: n.unitName,
          year: n.year,
          program,
        })}
      </Typography.Title>
      <Typography.Paragraph style={{ textAlign: 'center' }}>
        {t('benefits.workflow.notice.period', { from: n.publishedOn, to: n.endsOn })}
      </Typography.Paragraph>
      <Table<NoticeEntry & { no: number }>
        rowKey="candidateId"
        size="small"
        bordered
        pagination={false}
        dataSource={n.entries.map((e, i) => ({ ...e, no: i + 1 }))}
        locale={{ emptyText: t('benefits.workflow.notice.empty') }}
        data-testid="notice-table"
        columns={[
          { title: t('benefits.workflow.notice.no'), dataIndex: 'no', width: 60 },
          { title: t('benefits.workflow.notice.name'), dataIndex: 'name' },
          {
            title: t('benefits.workflow.notice.idNumber'),
            dataIndex: 'idNumberMasked',
            render: (v: string | null) => v ?? '—',
          },
          { title: t('benefits.workflow.notice.program'), dataIndex: 'program' },
          { title: t('benefits.workflow.notice.months'), dataIndex: 'months', align: 'right' },
          { title: t('benefits.workflow.notice.amount'), dataIndex: 'amountYuan', align: 'right' },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              <Typography.Text strong>{t('benefits.workflow.notice.total')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} colSpan={3}>
              {t('benefits.workflow.notice.persons', { n: n.entries.length })}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">
              <Typography.Text strong data-testid="notice-total">
                {n.totalYuan}
              </Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Typography.Paragraph style={{ marginTop: 16 }}>
        {t('benefits.workflow.notice.where', { to: n.objectionsTo })}
      </Typography.Paragraph>
    </Card>
  );
}
