import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Space,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime, isFuture, toIsoDate } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { DeadlineTags } from './DeadlineTags.js';
import { petitionsApi, SATISFACTIONS, type PetitionDetail, type Step } from './petitionsApi.js';

/** A petition in full, its history and the steps the caller may take now (the server lists them). */
export function PetitionDrawer({
  id,
  onClose,
  onChanged,
}: {
  id?: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const query = useQuery(() => petitionsApi.get(id!), [id], !!id);
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      width={720}
      destroyOnHidden
      title={query.data ? t('petitions.detail.title', { number: query.data.number }) : ''}
      data-testid="petition-drawer"
    >
      {id && (
        <QueryResult {...query}>
          {(p) => (
            <PetitionBody
              petition={p}
              onChanged={() => {
                onChanged();
                void query.reload();
              }}
            />
          )}
        </QueryResult>
      )}
    </Drawer>
  );
}

export function PetitionBody({ petition: p, onChanged }: { petition: PetitionDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const onTime = (v: boolean | null) =>
    v === null ? t('petitions.detail.pending') : v ? t('petitions.detail.yes') : t('petitions.detail.no');
  const [step, setStep] = useState<Step>();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {p.subject}
      </Typography.Title>
      <DeadlineTags petition={p} />
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('petitions.column.status')}>{t(`petitions.status.${p.status}`)}</Descriptions.Item>
        <Descriptions.Item label={t('petitions.column.channel')}>
          {t(`petitions.channel.${p.channel}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('petitions.column.receivedOn')}>{p.receivedOn}</Descriptions.Item>
        <Descriptions.Item label={t('petitions.column.unit')}>{p.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('petitions.detail.petitioner')}>{p.petitionerName}</Descriptions.Item>
        <Descriptions.Item label={t('petitions.detail.phone')}>{p.petitionerPhone ?? ''}</Descriptions.Item>
        <Descriptions.Item label={t('petitions.detail.peopleInvolved')} span={2}>
          {p.peopleInvolved ?? ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('petitions.detail.content')} span={2}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{p.content}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('petitions.detail.acceptDue')}>{p.acceptDueOn}</Descriptions.Item>
        <Descriptions.Item label={t('petitions.detail.acceptedOnTime')}>
          {onTime(p.timeliness.acceptedOnTime)}
        </Descriptions.Item>
        <Descriptions.Item label={t('petitions.detail.decidedOn')}>{p.decidedOn ?? ''}</Descriptions.Item>
        <Descriptions.Item label={t('petitions.detail.concludeDue')}>{p.concludeDueOn ?? ''}</Descriptions.Item>
        {p.notAcceptedReason && (
          <Descriptions.Item label={t('petitions.detail.notAcceptedReason')} span={2}>
            {p.notAcceptedReason}
          </Descriptions.Item>
        )}
        {p.extensionDays !== null && (
          <Descriptions.Item label={t('petitions.detail.extension')} span={2}>
            {t('petitions.detail.extensionText', { days: p.extensionDays, reason: p.extensionReason })}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('petitions.detail.repliedOn')}>{p.repliedOn ?? ''}</Descriptions.Item>
        <Descriptions.Item label={t('petitions.detail.concludedOnTime')}>
          {onTime(p.timeliness.concludedOnTime)}
        </Descriptions.Item>
        {p.reply && (
          <Descriptions.Item label={t('petitions.detail.reply')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{p.reply}</Typography.Paragraph>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('petitions.detail.satisfaction')}>
          {p.satisfaction ? t(`petitions.satisfaction.${p.satisfaction}`) : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('petitions.detail.closedOn')}>{p.closedOn ?? ''}</Descriptions.Item>
        <Descriptions.Item label={t('petitions.detail.registeredBy')}>{p.registeredByName ?? ''}</Descriptions.Item>
        <Descriptions.Item label={t('petitions.detail.escalation')}>
          {p.escalationLevel > 0 ? t('petitions.tag.escalated', { level: p.escalationLevel }) : ''}
        </Descriptions.Item>
      </Descriptions>

      <Divider titlePlacement="start" plain>
        {t('petitions.detail.steps')}
      </Divider>
      {p.steps.length === 0 ? (
        <Typography.Text type="secondary">{t('petitions.detail.noSteps')}</Typography.Text>
      ) : (
        <Space wrap>
          {p.steps.map((s) => (
            <Button
              key={s}
              type={step === s ? 'primary' : 'default'}
              onClick={() => setStep(s)}
              data-testid={`petition-step-${s}`}
            >
              {t(`petitions.action.${s}`)}
            </Button>
          ))}
        </Space>
      )}
      {step && p.steps.includes(step) && (
        <StepForm
          key={`${step}-${p.version}`}
          petition={p}
          step={step}
          onDone={() => {
            setStep(undefined);
            onChanged();
          }}
        />
      )}

      <Divider titlePlacement="start" plain>
        {t('petitions.detail.history')}
      </Divider>
      <Timeline
        items={p.history.map((h) => ({
          color: h.action === 'escalate' ? 'red' : h.action === 'close' ? 'green' : 'blue',
          children: (
            <Space direction="vertical" size={0}>
              <Typography.Text strong>
                {h.onDate} {t(`petitions.action.${h.action}`)}
                {h.userName ? ` · ${h.userName}` : ''}
              </Typography.Text>
              {h.note && <Typography.Text>{h.note}</Typography.Text>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(h.at)}
              </Typography.Text>
            </Space>
          ),
        }))}
      />
    </Space>
  );
}

type StepValues = {
  date?: Dayjs;
  reason?: string;
  days?: number;
  reply?: string;
  satisfaction?: string;
  unitId?: string;
  note?: string;
};

/** The form of one step; field names follow the server's so its problems land on the right input. */
function StepForm({ petition: p, step, onDone }: { petition: PetitionDetail; step: Step; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<StepValues>();
  const [busy, setBusy] = useState(false);
  const dateField = { accept: 'decidedOn', not_accept: 'decidedOn', reply: 'repliedOn', close: 'closedOn' } as Partial<
    Record<Step, string>
  >;
  const submit = async () => {
    const v = await form.validateFields();
    const body: Record<string, unknown> = { version: p.version };
    const df = dateField[step];
    if (df && v.date) body[df] = toIsoDate(v.date);
    if (step === 'not_accept' || step === 'extend') body.reason = v.reason;
    if (step === 'extend') body.days = v.days;
    if (step === 'reply') body.reply = v.reply;
    if (step === 'close') body.satisfaction = v.satisfaction;
    if (step === 'assign') Object.assign(body, { unitId: v.unitId, note: v.note || undefined });
    setBusy(true);
    try {
      await petitionsApi.step(p.id, step, body);
      void message.success(t('petitions.step.done'));
      onDone();
    } catch (e) {
      if (e instanceof ApiError) {
        const toForm = (field: string) => (field === df ? 'date' : field);
        form.setFields(
          e.problems
            .filter((x) =>
              ['date', 'reason', 'days', 'reply', 'satisfaction', 'unitId', 'note'].includes(toForm(x.field)),
            )
            .map((x) => ({ name: toForm(x.field) as keyof StepValues, errors: [x.message] })),
        );
      }
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const dateLabel = ({ accept: 'decidedOn', not_accept: 'decidedOn', reply: 'repliedOn', close: 'closedOn' } as const)[
    step as 'accept' | 'not_accept' | 'reply' | 'close'
  ];
  return (
    <Form form={form} layout="vertical" data-testid={`petition-form-${step}`}>
      {dateField[step] && (
        <Form.Item name="date" label={t(`petitions.step.${dateLabel}`)}>
          <DatePicker disabledDate={isFuture} />
        </Form.Item>
      )}
      {(step === 'not_accept' || step === 'extend') && (
        <Form.Item name="reason" label={t('petitions.step.reason')} rules={[{ required: true, max: 1000 }]}>
          <Input.TextArea rows={2} data-testid="petition-step-reason" />
        </Form.Item>
      )}
      {step === 'extend' && (
        <Form.Item
          name="days"
          label={t('petitions.step.days')}
          extra={t('petitions.step.extendHint', { due: p.concludeDueOn })}
          rules={[{ required: true, type: 'integer', min: 1, max: 30 }]}
        >
          <InputNumber min={1} max={30} data-testid="petition-step-days" />
        </Form.Item>
      )}
      {step === 'reply' && (
        <Form.Item name="reply" label={t('petitions.step.reply')} rules={[{ required: true, max: 4000 }]}>
          <Input.TextArea rows={4} data-testid="petition-step-reply" />
        </Form.Item>
      )}
      {step === 'close' && (
        <Form.Item name="satisfaction" label={t('petitions.step.satisfaction')} rules={[{ required: true }]}>
          <Radio.Group options={SATISFACTIONS.map((s) => ({ value: s, label: t(`petitions.satisfaction.${s}`) }))} />
        </Form.Item>
      )}
      {step === 'assign' && (
        <>
          <Form.Item name="unitId" label={t('petitions.step.unit')} rules={[{ required: true }]}>
            <UnitPicker selectable={['county', 'township', 'village']} />
          </Form.Item>
          <Form.Item name="note" label={t('petitions.step.note')} rules={[{ max: 500 }]}>
            <Input />
          </Form.Item>
        </>
      )}
      <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="petition-step-submit">
        {t('petitions.step.submit')}
      </Button>
    </Form>
  );
}
