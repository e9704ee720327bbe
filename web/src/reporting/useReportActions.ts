import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/api.js';
import type { Report } from '../api/types.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';

export type ReviewAction = 'approve' | 'return' | 'confirm' | 'cancel';

/**
 * Approve, return, confirm or cancel a report. Each call sends the version the user saw; when
 * someone else acted first the server answers 409 and `onConflict` reloads what changed.
 * Resolves to true when the action went through.
 */
export function useReportActions(onDone: () => void | Promise<void>, onConflict?: () => void | Promise<void>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();

  return useCallback(
    async (report: Pick<Report, 'id' | 'version'>, action: ReviewAction, reason?: string): Promise<boolean> => {
      try {
        switch (action) {
          case 'approve':
            await api.approveReport(report.id, report.version);
            void message.success(t('report.approved'));
            break;
          case 'confirm':
            await api.confirmReport(report.id, report.version);
            void message.success(t('report.confirmed'));
            break;
          case 'return':
            await api.returnReport(report.id, report.version, reason ?? '');
            void message.success(t('report.returned'));
            break;
          case 'cancel':
            await api.cancelReport(report.id, report.version, reason ?? '');
            void message.success(t('report.cancelled'));
            break;
        }
        await onDone();
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          void message.warning(t('common.conflict'));
          await (onConflict ?? onDone)();
          return false;
        }
        showError(err);
        return false;
      }
    },
    [message, onConflict, onDone, showError, t],
  );
}
