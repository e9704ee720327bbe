import { useTranslation } from 'react-i18next';
import { Page } from '../shell/Page.js';

/** 两非案件 (Sex-selection cases, issue 7). */
export function CasesPage() {
  const { t } = useTranslation();
  return <Page title={t('cases.title')}>{null}</Page>;
}
