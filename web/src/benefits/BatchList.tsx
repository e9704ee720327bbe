import { Alert, App, Button, Card, Flex, Form, Input, Radio, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { BATCH_STATUS_COLOR, BatchDetail } from './BatchDetail.js';
import { cyclesApi, fenToYuan } from './cyclesApi.js';
import { paymentsApi, type BatchSummary } from './paymentsApi.js';

/** A roster's payment batches: make one for a period, open one to approve, export and reconcile it. */
export function BatchList() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const cycles = useQuery(() => cyclesApi.list(), []);
  const [cycleId, setCycleId] = useState<string>();
  const [open, setOpen] = useState<string>();
  const batches = useQuery(() => paymentsApi.batches(cycleId), [cycleId], cycleId !== undefined);

  if (open)
    return (
      <BatchDetail
        id={open}
        onBack={() => {
          setOpen(undefined);
          void batches.reload();
        }}
        onOpen={setOpen}
      />
    );
  return (
    <Flex vertical gap="middle">
      <Card size="small" title={t('benefits.payments.batches.title')}>
        <Typography.Paragraph type="secondary">{t('benefits.payments.batches.intro')}</Typography.Paragraph>
        <Select
          style={{ minWidth: 360 }}
          placeholder={t('benefits.payments.batches.pickCycle')}
          value={cycleId}
          onChange={setCycleId}
          loading={cycles.loading}
          data-testid="payments-cycle-select"
          options={(cycles.data ?? []).map((c) => ({
            value: c.id,
            label: `${c.year} ${en ? c.programNameEn : c.programName}`,
          }))}
        />
      </Card>
      {cycleId && (
        <>
          <BatchMakeForm cycleId={cycleId} onMade={(id) => setOpen(id)} />
          <Card size="small">
            <QueryResult {...batches}>
              {(list) => (
                <Table<BatchSummary>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={list}
                  data-testid="batch-list"
                  locale={{ emptyText: t('benefits.payments.batches.empty') }}
                  columns={[
                    { title: t('benefits.payments.batches.period'), dataIndex: 'period' },
                    {
                      title: t('benefits.payments.batches.kind'),
                      key: 'kind',
                      render: (_, b) =>
                        b.kind === 'regular'
                          ? t('benefits.payments.batches.regular')
                          : t('benefits.payments.batches.repay', { seq: b.seq }),
                    },
                    {
                      title: t('benefits.payments.batches.status'),
                      key: 'status',
                      render: (_, b) => (
                        <Tag color={BATCH_STATUS_COLOR[b.status]} data-testid={`batch-status-${b.period}-${b.seq}`}>
                          {t(`benefits.payments.batches.statuses.${b.status}`)}
                        </Tag>
                      ),
                    },
                    { title: t('benefits.payments.batches.madeOn'), dataIndex: 'madeOn' },
                    { title: t('benefits.payments.batches.dueOn'), dataIndex: 'dueOn' },
                    { title: t('benefits.payments.batches.payments'), dataIndex: 'payments', align: 'right' },
                    {
                      title: t('benefits.payments.batches.total'),
                      key: 'total',
                      align: 'right',
                      render: (_, b) => fenToYuan(b.totalFen),
                    },
                    { title: t('benefits.payments.batches.stopped'), dataIndex: 'stoppedCount', align: 'right' },
                    {
                      title: t('benefits.payments.batches.reconciliation'),
                      key: 'rec',
                      render: (_, b) =>
                        `${t('benefits.payments.detail.paid')} ${b.summary.paid.count} · ${t('benefits.payments.detail.failed')} ${b.summary.failed.count} · ${t('benefits.payments.detail.pending')} ${b.summary.pending.count}`,
                    },
                    {
                      title: '',
                      key: 'open',
                      render: (_, b) => (
                        <Button
                          size="small"
                          onClick={() => setOpen(b.id)}
                          data-testid={`batch-open-${b.period}-${b.seq}`}
                        >
                          {t('benefits.payments.batches.open')}
                        </Button>
                      ),
                    },
                  ]}
                />
              )}
            </QueryResult>
          </Card>
        </>
      )}
    </Flex>
  );
}

type MakeValues = { period: string; kind: 'regular' | 'repay'; madeOn?: string; dueOn: string };

/** Makes a regular or repay batch for one of the roster's pay periods. */
function BatchMakeForm({ cycleId, onMade }: { cycleId: string; onMade: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<MakeValues>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const periods = useQuery(() => paymentsApi.periods(cycleId), [cycleId]);
  const submit = async (v: MakeValues) => {
    setBusy(true);
    setRefusal(undefined);
    try {
      const b = await paymentsApi.make({ cycleId, ...v, madeOn: v.madeOn || undefined });
      message.success(t('benefits.payments.batches.made', { count: b.payments, amount: fenToYuan(b.totalFen) }));
      onMade(b.id);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 409)) {
        setRefusal(e.message);
        form.setFields(e.problems.map((p) => ({ name: p.field as keyof MakeValues, errors: [p.message] })));
      } else showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small">
      <Form<MakeValues>
        form={form}
        layout="inline"
        onFinish={(v) => void submit(v)}
        initialValues={{ kind: 'regular' }}
      >
        <Form.Item name="period" label={t('benefits.payments.batches.period')} rules={[{ required: true }]}>
          <Select
            style={{ width: 120 }}
            data-testid="batch-make-period"
            options={(periods.data?.periods ?? []).map((p) => ({ value: p, label: p }))}
          />
        </Form.Item>
        <Form.Item name="kind">
          <Radio.Group data-testid="batch-make-kind">
            <Radio value="regular">{t('benefits.payments.batches.regular')}</Radio>
            <Radio value="repay">{t('benefits.payments.batches.makeRepay')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="madeOn" label={t('benefits.payments.batches.madeOn')}>
          <Input type="date" data-testid="batch-make-madeOn" />
        </Form.Item>
        <Form.Item name="dueOn" label={t('benefits.payments.batches.dueOn')} rules={[{ required: true }]}>
          <Input type="date" data-testid="batch-make-dueOn" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="batch-make-submit">
          {t('benefits.payments.batches.make')}
        </Button>
      </Form>
      {refusal && <Alert style={{ marginTop: 12 }} type="error" message={refusal} data-testid="batch-make-error" />}
    </Card>
  );
}
