import { DownloadOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { useState } from 'react';
import { type DownloadedFile, saveFile } from '../api/api.js';
import { useErrorMessage } from './useErrorMessage.js';

type Format = 'xlsx' | 'csv';

/**
 * A file the server offers in Excel and CSV (a template, an error report): one button each,
 * saved under the server's file name; a refusal shows as a message. One download at a time.
 */
export function DownloadButtons({
  load,
  labels,
  testid,
  primary = false,
}: {
  load: (format: Format) => Promise<DownloadedFile>;
  labels: Record<Format, string>;
  /** `${testid}-xlsx` and `${testid}-csv` */
  testid: string;
  /** The Excel button is the main action of its card. */
  primary?: boolean;
}) {
  const showError = useErrorMessage();
  const [busy, setBusy] = useState<Format>();
  const download = (format: Format) => {
    if (busy) return;
    setBusy(format);
    load(format)
      .then(saveFile)
      .catch(showError)
      .finally(() => setBusy(undefined));
  };
  return (
    <Flex gap={8} wrap>
      {(['xlsx', 'csv'] as const).map((format) => (
        <Button
          key={format}
          type={primary && format === 'xlsx' ? 'primary' : 'default'}
          icon={<DownloadOutlined />}
          loading={busy === format}
          disabled={busy !== undefined && busy !== format}
          onClick={() => download(format)}
          data-testid={`${testid}-${format}`}
        >
          {labels[format]}
        </Button>
      ))}
    </Flex>
  );
}
