import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';

/** The text to show for a failed call: the server's own message when it sent one. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        if (error.status === 0) return t('common.networkError');
        if (error.status === 404) return error.message || t('common.notFound');
        if (error.status === 409 && !error.message) return t('common.conflict');
        return error.message || t('common.unexpectedError', { message: error.code });
      }
      return t('common.unexpectedError', { message: String(error) });
    },
    [t],
  );
}

/** Shows a failed call as an antd message, unless it is an auth problem the shell handles. */
export function useErrorMessage(): (error: unknown) => void {
  const { message } = App.useApp();
  const text = useErrorText();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) return;
      if (error instanceof ApiError && error.code === 'PASSWORD_CHANGE_REQUIRED') return;
      void message.error(text(error));
    },
    [message, text],
  );
}
