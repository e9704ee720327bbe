import { useTranslation } from 'react-i18next';
import { api } from '../api/api.js';
import { DownloadButtons } from '../shell/DownloadButtons.js';

/** The error report of a refused file (every bad row with what is wrong), in Excel or CSV. */
export function ErrorReportButtons({ batchId }: { batchId: string }) {
  const { t } = useTranslation();
  return (
    <DownloadButtons
      load={(format) => api.importErrorReport(batchId, format)}
      labels={{ xlsx: t('imports.errorReportXlsx'), csv: t('imports.errorReportCsv') }}
      testid="error-report"
      primary
    />
  );
}
