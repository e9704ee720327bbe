import { DownOutlined, FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Dropdown, Space, Tooltip } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { downloadFile, saveFile } from '../api/api.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import {
  type CsvEncoding,
  type ExportFilters,
  type ExportFormat,
  type ExportList,
  exportPath,
} from './exportRequest.js';

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/**
 * "导出 Excel" and "导出 CSV" for a list page: the whole list under the filters on screen (not
 * just the page shown), in the caller's scope, ID numbers masked. A user who may see full ID
 * numbers can ask for them, after a confirmation that says the export is audited (every export
 * is). One export at a time: the buttons wait until the file has arrived.
 */
export function ExportButtons({ list, filters }: { list: ExportList; filters: ExportFilters }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useMe();
  const showError = useErrorMessage();
  const [unmasked, setUnmasked] = useState(false);
  const [busy, setBusy] = useState<ExportFormat>();
  const running = useRef(false);
  const mayUnmask = list === 'persons' && can('person.revealId');

  const run = async (format: ExportFormat, encoding?: CsvEncoding) => {
    // A ref, not the state: a double click arrives before the re-render that disables the button.
    if (running.current) return;
    running.current = true;
    setBusy(format);
    const key = `export-${list}`;
    let rows = '';
    try {
      const file = await downloadFile(
        exportPath(list, format, filters, { encoding, unmasked: mayUnmask && unmasked }),
        `${list}.${format}`,
        {
          onHeaders: (headers) => {
            rows = headers.get('x-export-rows') ?? '';
            void message.loading({ key, content: t('export.running', { rows }), duration: 0 });
          },
          onBytes: (bytes) =>
            void message.loading({
              key,
              content: `${t('export.running', { rows })} ${t('export.received', { size: megabytes(bytes) })}`,
              duration: 0,
            }),
        },
      );
      saveFile(file);
      void message.success({ key, content: t('export.done', { rows, name: file.fileName }), duration: 4 });
    } catch (err) {
      message.destroy(key);
      showError(err);
    } finally {
      running.current = false;
      setBusy(undefined);
    }
  };

  const start = (format: ExportFormat, encoding?: CsvEncoding) => {
    if (!(mayUnmask && unmasked)) {
      void run(format, encoding);
      return;
    }
    modal.confirm({
      title: t('export.unmaskedTitle'),
      content: t('export.unmaskedContent'),
      okText: t('export.unmaskedOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'export-unmasked-ok' } as Record<string, string>,
      onOk: () => void run(format, encoding),
    });
  };

  return (
    <Space size={8} wrap data-testid={`export-${list}`}>
      {mayUnmask && (
        <Tooltip title={t('export.unmaskedHint')}>
          <Checkbox checked={unmasked} onChange={(e) => setUnmasked(e.target.checked)} data-testid="export-unmasked">
            {t('export.unmasked')}
          </Checkbox>
        </Tooltip>
      )}
      <Tooltip title={t('export.hint')}>
        <Button
          icon={<FileExcelOutlined />}
          loading={busy === 'xlsx'}
          disabled={busy !== undefined && busy !== 'xlsx'}
          onClick={() => start('xlsx')}
          data-testid="export-xlsx"
        >
          {t('export.excel')}
        </Button>
      </Tooltip>
      <Space.Compact>
        <Button
          icon={<FileTextOutlined />}
          loading={busy === 'csv'}
          disabled={busy !== undefined && busy !== 'csv'}
          onClick={() => start('csv', 'utf8')}
          data-testid="export-csv"
        >
          {t('export.csv')}
        </Button>
        <Dropdown
          trigger={['click']}
          disabled={busy !== undefined}
          menu={{
            items: [
              { key: 'utf8', label: <span data-testid="export-csv-utf8">{t('export.csvUtf8')}</span> },
              { key: 'gbk', label: <span data-testid="export-csv-gbk">{t('export.csvGbk')}</span> },
            ],
            onClick: ({ key }) => start('csv', key as CsvEncoding),
          }}
        >
          <Button icon={<DownOutlined />} aria-label={t('export.csvEncoding')} data-testid="export-csv-encoding" />
        </Dropdown>
      </Space.Compact>
    </Space>
  );
}
