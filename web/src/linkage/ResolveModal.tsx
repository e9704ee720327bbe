import { ExportOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { ApiError, api } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate } from '../lib/dates.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { linkageApi, type Finding } from './linkageApi.js';
import { FindingSummary } from './FindingSummary.js';
import { reportPathFor } from './linkageFormat.js';

type Values = { resolution: 'reported' | 'disputed'; reportId?: string; note?: string };

/**
 * Resolving a verification task: the event was reported (choose the report; a link opens the
 * report form in a new tab) or the department's record is wrong (a reason is required).
 */
export function ResolveModal({
  finding,
  onClose,
  onResolved,
}: {
  finding: Finding;
  onClose: () => void;
  onResolved: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useMe();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const resolution = Form.useWatch('resolution', form) ?? 'disputed';
  const [busy, setBusy] = useState(false);
  const village = can('report.create');
  const reports = useQuery(
    () => api.listReports({ queue: village ? 'mine' : 'all', pageSize: 50 }),
    [],
    resolution === 'reported',
  );

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const note = v.note?.trim();
      await linkageApi.resolve(
        finding.id,
        v.resolution === 'reported'
          ? { resolution: 'reported', reportId: v.reportId!, ...(note ? { note } : {}) }
          : { resolution: 'disputed', note: note ?? '' },
      );
      void message.success(t('linkage.tasks.done'));
      onResolved();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.problems.length) {
        // The server names the field (reportId or note) in Chinese: show it under that field.
        form.setFields(
          err.problems
            .filter((p) => p.field === 'reportId' || p.field === 'note')
            .map((p) => ({ name: p.field as 'reportId' | 'note', errors: [p.message] })),
        );
        if (!err.problems.some((p) => p.field === 'reportId' || p.field === 'note')) showError(err);
      } else {
        showError(err);
        if (err instanceof ApiError && err.status === 409) onResolved();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('linkage.tasks.resolveTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy, 'data-testid': 'resolve-ok' } as ButtonProps}
      destroyOnHidden
      width={600}
    >
      <Typography.Paragraph style={{ marginBottom: 12 }}>
        <FindingSummary finding={finding} />
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ resolution: 'disputed' }}
        onFinish={(v) => void submit(v)}
        data-testid="resolve-form"
      >
        <Form.Item name="resolution">
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'reported', label: <span data-testid="resolve-reported">{t('linkage.tasks.reported')}</span> },
              { value: 'disputed', label: <span data-testid="resolve-disputed">{t('linkage.tasks.disputed')}</span> },
            ]}
          />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {resolution === 'reported' ? t('linkage.tasks.reportedHelp') : t('linkage.tasks.disputedHelp')}
        </Typography.Paragraph>
        {resolution === 'reported' ? (
          <>
            <Form.Item label={t('linkage.tasks.reportLabel')} required>
              <Flex gap={8}>
                <Form.Item
                  name="reportId"
                  noStyle
                  rules={[{ required: true, message: t('linkage.tasks.reportRequired') }]}
                >
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    loading={reports.loading}
                    placeholder={t('linkage.tasks.reportPlaceholder')}
                    options={(reports.data?.items ?? []).map((r) => ({
                      value: r.id,
                      label: `${t(`reportType.${r.type}`)} · ${r.summary} · ${formatDate(r.eventDate)} · ${t(`reportStatus.${r.status}`)}`,
                    }))}
                    style={{ flex: 1, minWidth: 0 }}
                    data-testid="resolve-report"
                  />
                </Form.Item>
                <Button
                  icon={<ReloadOutlined />}
                  onClick={() => void reports.reload()}
                  title={t('linkage.tasks.reloadReports')}
                />
              </Flex>
            </Form.Item>
            {village && (
              <Link to={reportPathFor(finding.recordType)} target="_blank" data-testid="resolve-new-report">
                <ExportOutlined /> {t('linkage.tasks.newReport')}
              </Link>
            )}
            <Form.Item name="note" label={t('linkage.tasks.noteOptional')} style={{ marginTop: 12 }}>
              <Input.TextArea rows={2} maxLength={500} showCount />
            </Form.Item>
          </>
        ) : (
          <Form.Item
            name="note"
            label={t('linkage.tasks.reasonLabel')}
            rules={[{ required: true, whitespace: true, message: t('linkage.tasks.reasonRequired') }]}
          >
            <Input.TextArea
              rows={3}
              maxLength={500}
              showCount
              placeholder={t('linkage.tasks.reasonPlaceholder')}
              data-testid="resolve-note"
            />
          </Form.Item>
        )}
      </Form>
      <Alert type="info" showIcon title={t('linkage.tasks.audited')} />
    </Modal>
  );
}
