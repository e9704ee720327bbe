import { useTranslation } from 'react-i18next';
import { Page } from '../shell/Page.js';

/** 健康服务 (Health services, issue 7). */
export function HealthPage() {
  const { t } = useTranslation();
  return <Page title={t('health.title')}>{null}</Page>;
}
