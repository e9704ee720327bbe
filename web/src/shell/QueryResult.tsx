import { Alert, Button, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { useErrorText } from './useErrorMessage.js';

/** The loading skeleton, the not-found answer or the error of a page's main query. */
export function QueryResult<T>({
  data,
  error,
  loading,
  reload,
  children,
}: {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload?: () => Promise<void>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const text = useErrorText();
  if (error instanceof ApiError && error.status === 404) {
    return <Result status="404" title={t('common.notFound')} />;
  }
  if (error instanceof ApiError && error.status === 403 && error.code !== 'PASSWORD_CHANGE_REQUIRED') {
    return <Result status="403" title={t('common.forbidden')} subTitle={error.message} />;
  }
  if (error && !(error instanceof ApiError && error.status === 401)) {
    return (
      <Alert
        type="error"
        showIcon
        title={text(error)}
        action={
          reload && (
            <Button size="small" onClick={() => void reload()}>
              {t('common.refresh')}
            </Button>
          )
        }
      />
    );
  }
  if (data === undefined) return loading ? <Skeleton active /> : null;
  return <>{children(data)}</>;
}
