import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Progress,
  Segmented,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { isFuture, toIsoDate } from '../lib/dates.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import {
  EVENT_KINDS,
  dispensersApi,
  maxQuantity,
  type EventKind,
  type MachineDetail,
  type MachineEvent,
  type MonthTotal,
} from './dispensersApi.js';

/** One machine: stock, the event history and monthly totals, and the forms to record, edit, retire. */
export function DispenserDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string | undefined;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const detail = useQuery(() => dispensersApi.get(id!), [id], id !== undefined);
  const m = id && detail.data?.id === id ? detail.data : undefined;
  const done = () => {
    void detail.reload();
    onChanged();
  };
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={760}
      title={m ? t('dispensers.detail.title', { code: m.code }) : ''}
      data-testid="dispenser-drawer"
      loading={detail.loading && !m}
    >
      {m && (
        <>
          <Descriptions column={2} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('dispensers.detail.unit')}>{m.unitName}</Descriptions.Item>
            <Descriptions.Item label={t('dispensers.detail.installedOn')}>{m.installedOn}</Descriptions.Item>
            <Descriptions.Item label={t('dispensers.detail.location')} span={2}>
              {m.location}
            </Descriptions.Item>
            <Descriptions.Item label={t('dispensers.detail.stock')}>
              <span data-testid="dispenser-stock">
                {t('dispensers.stockOf', { stock: m.stock, capacity: m.capacity })}
              </span>{' '}
              {m.retiredOn ? (
                <Tag>{t('dispensers.retired', { date: m.retiredOn })}</Tag>
              ) : m.due ? (
                <Tag color="red">{t('dispensers.due')}</Tag>
              ) : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('dispensers.detail.threshold')}>{m.restockThreshold}</Descriptions.Item>
          </Descriptions>
          {!m.retiredOn && <EventForm key={`e${m.version}`} m={m} onDone={done} />}
          <Divider />
          <Typography.Title level={5}>{t('dispensers.detail.monthly')}</Typography.Title>
          <Table<MonthTotal>
            rowKey="month"
            size="small"
            pagination={false}
            dataSource={[...m.monthly].reverse().slice(0, 13)}
            columns={[
              { title: t('dispensers.detail.month'), dataIndex: 'month' },
              { title: t('dispensers.detail.dispensed'), dataIndex: 'dispensed', align: 'right' },
              { title: t('dispensers.detail.restocked'), dataIndex: 'restocked', align: 'right' },
              { title: t('dispensers.detail.reports'), dataIndex: 'reports', align: 'right' },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('dispensers.detail.events')}
          </Typography.Title>
          <Table<MachineEvent>
            rowKey="id"
            size="small"
            data-testid="dispenser-events"
            dataSource={m.events}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: t('dispensers.detail.date'), dataIndex: 'onDate', width: 110 },
              {
                title: t('dispensers.detail.kind'),
                dataIndex: 'kind',
                render: (k: EventKind) => t(`dispensers.kind.${k}`),
              },
              { title: t('dispensers.detail.quantity'), dataIndex: 'quantity', align: 'right' },
              { title: t('dispensers.detail.stockAfter'), dataIndex: 'stockAfter', align: 'right' },
              { title: t('dispensers.detail.note'), dataIndex: 'note', render: (n: string | null) => n ?? '' },
              { title: t('dispensers.detail.by'), dataIndex: 'byName', render: (n: string | null) => n ?? '—' },
            ]}
          />
          {!m.retiredOn && (
            <>
              <Divider />
              <EditForm key={`x${m.version}`} m={m} onDone={done} />
            </>
          )}
        </>
      )}
    </Drawer>
  );
}

type EventValues = { onDate: Dayjs; quantity: number; note?: string };

function EventForm({ m, onDone }: { m: MachineDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [kind, setKind] = useState<EventKind>(m.due ? 'restock' : 'dispense');
  const [form] = Form.useForm<EventValues>();
  const [busy, setBusy] = useState(false);
  const max = maxQuantity(m, kind);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const res = await dispensersApi.event(m.id, {
        version: m.version,
        kind,
        onDate: toIsoDate(v.onDate)!,
        quantity: v.quantity,
        note: v.note || undefined,
      });
      void message.success(t('dispensers.event.saved', { stock: res.stock }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError)
        form.setFields(
          e.problems
            .filter((p) => ['onDate', 'quantity', 'note'].includes(p.field))
            .map((p) => ({ name: p.field as keyof EventValues, errors: [p.message] })),
        );
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="dispenser-event-form">
      <Typography.Title level={5}>{t('dispensers.event.title')}</Typography.Title>
      <Segmented
        value={kind}
        onChange={(v) => setKind(v as EventKind)}
        options={EVENT_KINDS.map((k) => ({ value: k, label: t(`dispensers.kind.${k}`) }))}
        style={{ marginBottom: 12 }}
      />
      <Form form={form} layout="inline">
        <Form.Item name="onDate" label={t('dispensers.event.onDate')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => isFuture(d) || toIsoDate(d)! < m.installedOn} />
        </Form.Item>
        <Form.Item
          name="quantity"
          label={t('dispensers.event.quantity')}
          rules={[{ required: true }]}
          tooltip={t(`dispensers.event.quantityHelp.${kind}`, { max })}
        >
          <InputNumber min={0} max={max} precision={0} data-testid="dispenser-event-quantity" />
        </Form.Item>
        <Form.Item name="note" label={t('dispensers.event.note')}>
          <Input maxLength={500} />
        </Form.Item>
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="dispenser-event-submit">
          {t('dispensers.event.submit')}
        </Button>
      </Form>
      <Progress
        percent={m.level}
        status={m.due ? 'exception' : 'normal'}
        format={() => t('dispensers.stockOf', { stock: m.stock, capacity: m.capacity })}
        style={{ marginTop: 12 }}
      />
    </div>
  );
}

type EditValues = { location: string; restockThreshold: number; retiredOn?: Dayjs };

function EditForm({ m, onDone }: { m: MachineDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);

  const run = async (call: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await call();
      void message.success(t('dispensers.edit.saved'));
      onDone();
    } catch (e) {
      if (e instanceof ApiError)
        form.setFields(
          e.problems
            .filter((p) => ['location', 'restockThreshold', 'retiredOn'].includes(p.field))
            .map((p) => ({ name: p.field as keyof EditValues, errors: [p.message] })),
        );
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    const v = await form.validateFields(['location', 'restockThreshold']);
    await run(() =>
      dispensersApi.edit(m.id, { version: m.version, location: v.location, restockThreshold: v.restockThreshold }),
    );
  };
  const retire = async () => {
    const v = await form.validateFields(['retiredOn']);
    if (!v.retiredOn) {
      form.setFields([{ name: 'retiredOn', errors: [t('dispensers.edit.retiredOn')] }]);
      return;
    }
    modal.confirm({
      title: t('dispensers.edit.retireConfirm'),
      onOk: () => run(() => dispensersApi.retire(m.id, { version: m.version, retiredOn: toIsoDate(v.retiredOn)! })),
    });
  };

  return (
    <div data-testid="dispenser-edit-form">
      <Typography.Title level={5}>{t('dispensers.edit.title')}</Typography.Title>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ location: m.location, restockThreshold: m.restockThreshold }}
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="location"
            label={t('dispensers.edit.location')}
            rules={[{ required: true, whitespace: true }]}
            style={{ flex: 2, minWidth: 240 }}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="restockThreshold" label={t('dispensers.edit.threshold')} rules={[{ required: true }]}>
            <InputNumber min={0} max={m.capacity - 1} precision={0} />
          </Form.Item>
        </Flex>
        <Button loading={busy} onClick={() => void save()}>
          {t('dispensers.edit.submit')}
        </Button>
        <Flex gap={12} align="end" style={{ marginTop: 16 }}>
          <Form.Item name="retiredOn" label={t('dispensers.edit.retiredOn')} style={{ marginBottom: 0 }}>
            <DatePicker disabledDate={(d) => isFuture(d) || toIsoDate(d)! < m.installedOn} />
          </Form.Item>
          <Button danger loading={busy} onClick={() => void retire()}>
            {t('dispensers.edit.retire')}
          </Button>
        </Flex>
      </Form>
    </div>
  );
}
