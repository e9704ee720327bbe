import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertStatus, Severity } from './qualityApi.js';

const SEVERITY_COLOR: Record<Severity, string> = { high: 'red', medium: 'orange', low: 'blue' };
const STATUS_COLOR: Record<AlertStatus, string> = {
  open: 'volcano',
  acknowledged: 'gold',
  dismissed: 'default',
  resolved: 'green',
};

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return <Tag color={SEVERITY_COLOR[severity]}>{t(`quality.severityName.${severity}`)}</Tag>;
}

export function AlertStatusTag({ status }: { status: AlertStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`quality.statusName.${status}`)}</Tag>;
}
