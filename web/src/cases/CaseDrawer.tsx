import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Segmented,
  Select,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime, isFuture, toIsoDate } from '../lib/dates.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import {
  OUTCOMES,
  REFERRED_TO,
  STEP_KINDS,
  allowedActions,
  casesApi,
  type CaseDetail,
  type CaseStatus,
} from './casesApi.js';

export const STATUS_COLOR: Record<CaseStatus, string> = {
  open: 'blue',
  investigating: 'orange',
  referred: 'purple',
  closed: 'default',
};

type Action = 'step' | 'refer' | 'close';
type Values = { kind?: string; date: Dayjs; note: string; referredTo?: string; outcome?: string };
const DATE_FIELD: Record<Action, string> = { step: 'stepOn', refer: 'referredOn', close: 'closedOn' };

/** One case: its facts, the timeline of its steps, and the forms of what it may still take. */
export function CaseDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string | undefined;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const detail = useQuery(() => casesApi.get(id!), [id], id !== undefined);
  const c = id && detail.data?.id === id ? detail.data : undefined;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={720}
      title={c ? t('cases.detail.title', { number: c.number }) : ''}
      data-testid="case-drawer"
      loading={detail.loading && !c}
    >
      {c && (
        <>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('cases.detail.status')}>
              <Tag color={STATUS_COLOR[c.status]} data-testid="case-status">
                {t(`cases.status.${c.status}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.detail.kind')}>{t(`cases.kind.${c.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.detail.leadSource')}>
              {t(`cases.leadSource.${c.leadSource}`)}（{c.leadReceivedOn}）
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.detail.unit')}>{c.unitName}</Descriptions.Item>
            <Descriptions.Item label={t('cases.detail.summary')}>{c.summary}</Descriptions.Item>
            <Descriptions.Item label={t('cases.detail.parties')}>{c.parties}</Descriptions.Item>
            {c.referredTo && (
              <Descriptions.Item label={t('cases.detail.referral')}>
                {t(`cases.referredTo.${c.referredTo}`)}（{c.referredOn}）
              </Descriptions.Item>
            )}
            {c.outcome && (
              <Descriptions.Item label={t('cases.detail.outcome')}>
                {t(`cases.outcome.${c.outcome}`)}（{c.closedOn}）{c.outcomeNote}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('cases.detail.openedAt')}>{formatDateTime(c.openedAt)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('cases.detail.steps')}</Typography.Title>
          {c.steps.length === 0 ? (
            <Typography.Paragraph type="secondary">{t('cases.detail.noSteps')}</Typography.Paragraph>
          ) : (
            <Timeline
              data-testid="case-steps"
              items={c.steps.map((s) => ({
                key: s.id,
                content: (
                  <div>
                    <Typography.Text strong>
                      {s.stepOn} {t(`cases.step.${s.kind}`)}
                    </Typography.Text>{' '}
                    <Typography.Text type="secondary">{s.byName ?? ''}</Typography.Text>
                    <div>{s.note}</div>
                  </div>
                ),
              }))}
            />
          )}
          {c.status === 'closed' ? (
            <Alert type="info" showIcon title={t('cases.detail.closedNote', { number: c.number })} />
          ) : (
            <CaseActions
              key={c.version}
              c={c}
              onDone={() => {
                void detail.reload();
                onChanged();
              }}
            />
          )}
        </>
      )}
    </Drawer>
  );
}

function CaseActions({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const showError = useErrorMessage();
  const actions = allowedActions(c.status);
  const [action, setAction] = useState<Action>(actions[0] ?? 'step');
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const save = async (v: Values) => {
    setBusy(true);
    const date = toIsoDate(v.date)!;
    try {
      if (action === 'step')
        await casesApi.step(c.id, { version: c.version, kind: v.kind as never, stepOn: date, note: v.note });
      else if (action === 'refer')
        await casesApi.refer(c.id, {
          version: c.version,
          referredTo: v.referredTo as never,
          referredOn: date,
          note: v.note,
        });
      else
        await casesApi.close(c.id, { version: c.version, outcome: v.outcome as never, closedOn: date, note: v.note });
      void message.success(t('cases.action.saved'));
      form.resetFields();
      onDone();
    } catch (e) {
      if (e instanceof ApiError)
        form.setFields(
          e.problems.map((p) => ({
            name: (p.field === DATE_FIELD[action] ? 'date' : p.field) as keyof Values,
            errors: [p.message],
          })),
        );
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = async () => {
    const v = await form.validateFields();
    if (action === 'close') modal.confirm({ title: t('cases.action.closeConfirm'), onOk: () => save(v) });
    else await save(v);
  };

  return (
    <div data-testid="case-actions" style={{ marginTop: 16 }}>
      <Segmented
        value={action}
        onChange={(v) => setAction(v as Action)}
        options={actions.map((a) => ({ value: a, label: t(`cases.action.${a}`) }))}
        style={{ marginBottom: 12 }}
      />
      <Form form={form} layout="vertical">
        {action === 'step' && (
          <Form.Item name="kind" label={t('cases.action.kind')} rules={[{ required: true }]}>
            <Select options={STEP_KINDS.map((k) => ({ value: k, label: t(`cases.step.${k}`) }))} />
          </Form.Item>
        )}
        {action === 'refer' && (
          <Form.Item name="referredTo" label={t('cases.action.referredTo')} rules={[{ required: true }]}>
            <Select options={REFERRED_TO.map((k) => ({ value: k, label: t(`cases.referredTo.${k}`) }))} />
          </Form.Item>
        )}
        {action === 'close' && (
          <Form.Item name="outcome" label={t('cases.action.outcome')} rules={[{ required: true }]}>
            <Select
              options={OUTCOMES.filter((o) => o !== 'referred' || c.status === 'referred').map((k) => ({
                value: k,
                label: t(`cases.outcome.${k}`),
              }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="date"
          label={t(
            action === 'step'
              ? 'cases.action.date'
              : action === 'refer'
                ? 'cases.action.referredOn'
                : 'cases.action.closedOn',
          )}
          rules={[{ required: true }]}
        >
          <DatePicker disabledDate={(d) => isFuture(d) || toIsoDate(d)! < c.leadReceivedOn} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="note"
          label={t(
            action === 'step'
              ? 'cases.action.note'
              : action === 'refer'
                ? 'cases.action.referNote'
                : 'cases.action.closeNote',
          )}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="case-action-submit">
          {t('cases.action.submit')}
        </Button>
      </Form>
    </div>
  );
}
