import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportStatus } from '../api/types.js';

const COLORS: Record<ReportStatus, string> = {
  submitted: 'processing',
  township_approved: 'cyan',
  confirmed: 'success',
  returned: 'error',
  cancelled: 'default',
};

export function ReportStatusTag({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="report-status" data-status={status}>
      {t(`reportStatus.${status}`)}
    </Tag>
  );
}
