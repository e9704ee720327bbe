import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Divider,
  Drawer,
  Form,
  Input,
  Radio,
  Select,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { ApiError } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate, formatDateTime, toIsoDate } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import {
  CONTACT_METHODS,
  type ContactMethod,
  type FollowupDetail,
  type FollowupOutcome,
  OUTCOMES,
  contactInput,
  contactProblems,
  healthApi,
} from './healthApi.js';
import { DueStatusTag, PersonCell, ResultTag, SealedText } from './HealthTags.js';

/** One follow-up: the person, the service and its findings (when the role may read them), every contact, and the form for the next one. */
export function FollowupDrawer({
  id,
  today,
  onClose,
  onChanged,
}: {
  id: string | undefined;
  today: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useMe();
  const detail = useQuery(() => healthApi.followup(id!), [id], id !== undefined);
  const f = id && detail.data?.id === id ? detail.data : undefined;
  return (
    <Drawer
      open={id !== undefined}
      onClose={onClose}
      size={760}
      title={f ? t('health.followup.title', { name: f.person.name }) : t('health.tabs.followups')}
      destroyOnHidden
    >
      {id && !f && !detail.error ? (
        <Skeleton active />
      ) : (
        <QueryResult {...detail} data={f}>
          {(followup) => (
            <div data-testid="followup-detail" data-status={followup.status}>
              <FollowupFacts followup={followup} today={today} />
              <ContactTimeline followup={followup} />
              {followup.status === 'closed' ? (
                <Alert type="success" showIcon title={t('health.followup.closedNote')} />
              ) : can('health.followup') ? (
                <ContactForm
                  key={followup.version}
                  followup={followup}
                  today={today}
                  onSaved={() => {
                    void detail.reload();
                    onChanged();
                  }}
                  onConflict={() => void detail.reload()}
                />
              ) : (
                <Alert type="info" showIcon title={t('health.followup.readOnly')} />
              )}
            </div>
          )}
        </QueryResult>
      )}
    </Drawer>
  );
}

function FollowupFacts({ followup: f, today }: { followup: FollowupDetail; today: string }) {
  const { t } = useTranslation();
  const s = f.service;
  return (
    <>
      <Descriptions column={2} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('health.followups.person')}>
          <PersonCell person={f.person} />
        </Descriptions.Item>
        <Descriptions.Item label={t('health.followups.village')}>
          {f.unitName}
          {f.townshipName ? `（${f.townshipName}）` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('health.followups.openedOn')}>{formatDate(f.openedOn)}</Descriptions.Item>
        <Descriptions.Item label={t('health.followups.dueOn')}>
          <Space size={6}>
            {formatDate(f.dueOn)}
            <DueStatusTag followup={f} today={today} />
          </Space>
        </Descriptions.Item>
        {f.status === 'closed' && (
          <>
            <Descriptions.Item label={t('health.followup.closedOn')}>{formatDate(f.closedOn)}</Descriptions.Item>
            <Descriptions.Item label={t('health.followup.outcome')}>
              <Tag color="green" data-testid="followup-outcome" data-outcome={f.outcome}>
                {f.outcome ? t(`health.outcomes.${f.outcome}`) : '—'}
              </Tag>
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
      <Typography.Title level={5}>{t('health.followup.service')}</Typography.Title>
      <Descriptions column={2} size="small" bordered style={{ marginBottom: 16 }} data-testid="followup-service">
        <Descriptions.Item label={t('health.followups.kind')}>{t(`health.kinds.${s.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('health.followup.servedOn')}>{formatDate(s.servedOn)}</Descriptions.Item>
        <Descriptions.Item label={t('health.followup.place')}>{s.place}</Descriptions.Item>
        <Descriptions.Item label={t('health.followup.provider')}>{s.provider}</Descriptions.Item>
        <Descriptions.Item label={t('health.followup.result')} span={2}>
          <ResultTag result={s.result} />
        </Descriptions.Item>
        <Descriptions.Item label={t('health.followup.findings')} span={2}>
          <SealedText text={s.findings} masked={s.findingsMasked} data-testid="followup-findings" />
        </Descriptions.Item>
      </Descriptions>
    </>
  );
}

function ContactTimeline({ followup: f }: { followup: FollowupDetail }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={5}>{t('health.followup.contacts')}</Typography.Title>
      <Timeline
        data-testid="followup-contacts"
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'opened',
            color: 'red',
            content: <Typography.Text>{t('health.followup.opened', { date: formatDate(f.openedOn) })}</Typography.Text>,
          },
          ...f.contacts.map((c) => ({
            key: c.id,
            color: c.closes ? 'green' : 'blue',
            content: (
              <div data-testid="followup-contact" data-method={c.method}>
                <Space size={6} wrap>
                  <Typography.Text strong>{formatDate(c.contactedOn)}</Typography.Text>
                  <Tag>{t(`health.methods.${c.method}`)}</Tag>
                  {c.closes && f.outcome && (
                    <Tag color="green">
                      {t('health.followup.closes', { outcome: t(`health.outcomes.${f.outcome}`) })}
                    </Tag>
                  )}
                  {c.nextDueOn && (
                    <Typography.Text type="secondary">
                      {t('health.followup.nextDue', { date: formatDate(c.nextDueOn) })}
                    </Typography.Text>
                  )}
                </Space>
                {(c.note || c.noteMasked) && (
                  <div>
                    <SealedText text={c.note} masked={c.noteMasked} data-testid="followup-contact-note" />
                  </div>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.recordedBy ? t('health.followup.by', { name: c.recordedBy }) : ''} {formatDateTime(c.recordedAt)}
                </Typography.Text>
              </div>
            ),
          })),
        ]}
      />
      {f.contacts.length === 0 && (
        <Typography.Paragraph type="secondary">{t('health.followup.noContacts')}</Typography.Paragraph>
      )}
    </>
  );
}

type FormValues = {
  contactedOn?: Dayjs;
  method?: ContactMethod;
  note?: string;
  nextDueOn?: Dayjs;
  close?: boolean;
  outcome?: FollowupOutcome;
};

function ContactForm({
  followup,
  today,
  onSaved,
  onConflict,
}: {
  followup: FollowupDetail;
  today: string;
  onSaved: () => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<FormValues>();
  const closing = Form.useWatch('close', form) === true;
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const raw = form.getFieldsValue();
    const values = {
      ...raw,
      contactedOn: toIsoDate(raw.contactedOn),
      nextDueOn: toIsoDate(raw.nextDueOn),
    };
    const problems = contactProblems(values, followup.openedOn, today);
    form.setFields(
      (['contactedOn', 'method', 'nextDueOn', 'outcome'] as const).map((name) => ({
        name,
        errors: problems.filter((p) => p.field === name).map((p) => t(`health.problems.${p.key}`)),
      })),
    );
    if (problems.length > 0) return;
    setBusy(true);
    try {
      await healthApi.contact(followup.id, contactInput(values, followup.version));
      void message.success(values.close ? t('health.followup.closedDone') : t('health.followup.saved'));
      onSaved();
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(
          e.problems
            .map((p) => ({ name: p.field.split('.').pop()!, errors: [p.message] }))
            .filter((p) => ['contactedOn', 'method', 'note', 'nextDueOn', 'outcome'].includes(p.name))
            .map((p) => ({ name: p.name as keyof FormValues, errors: p.errors })),
        );
        if (e.status === 409) onConflict();
      }
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Divider />
      <Typography.Title level={5}>{t('health.followup.formTitle')}</Typography.Title>
      <Form<FormValues>
        form={form}
        layout="vertical"
        // A field's error goes once the user changes it; the next save checks again.
        onValuesChange={(changed: Partial<FormValues>) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof FormValues, errors: [] })))
        }
        initialValues={{ contactedOn: dayjs(today), method: 'visit', close: false }}
        data-testid="followup-contact-form"
      >
        <Space size={16} align="start" wrap>
          <Form.Item name="contactedOn" label={t('health.followup.contactedOn')} required>
            <DatePicker
              data-testid="contact-date"
              disabledDate={(d) => d.isAfter(dayjs(today), 'day') || d.isBefore(dayjs(followup.openedOn), 'day')}
            />
          </Form.Item>
          <Form.Item name="method" label={t('health.followup.method')} required>
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="contact-method">
              {CONTACT_METHODS.map((m) => (
                <Radio.Button key={m} value={m}>
                  <span data-testid={`contact-method-${m}`}>{t(`health.methods.${m}`)}</span>
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('health.followup.note')}>
          <Input.TextArea
            rows={2}
            maxLength={2000}
            placeholder={t('health.followup.notePlaceholder')}
            data-testid="contact-note"
          />
        </Form.Item>
        <Form.Item name="close" valuePropName="checked">
          <Checkbox>
            <span data-testid="contact-close">{t('health.followup.close')}</span>
          </Checkbox>
        </Form.Item>
        {closing ? (
          <Form.Item name="outcome" label={t('health.followup.outcome')} required>
            <Select
              options={OUTCOMES.map((o) => ({ value: o, label: t(`health.outcomes.${o}`) }))}
              style={{ maxWidth: 260 }}
              data-testid="contact-outcome"
            />
          </Form.Item>
        ) : (
          <Form.Item name="nextDueOn" label={t('health.followup.nextDueOn')} extra={t('health.followup.nextDueHint')}>
            <DatePicker data-testid="contact-next" />
          </Form.Item>
        )}
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="contact-submit">
          {t('health.followup.submit')}
        </Button>
      </Form>
    </>
  );
}
