import { useTranslation } from 'react-i18next';
import { Page } from '../shell/Page.js';

/** 生育关怀 (Family care, issue 7). */
export function CarePage() {
  const { t } = useTranslation();
  return <Page title={t('care.title')}>{null}</Page>;
}
