import { App, Button, Card, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { fenToYuan } from './cyclesApi.js';
import { paymentsApi, type Recovery } from './paymentsApi.js';

const COLOR = { open: 'red', recovered: 'green', waived: 'default' } as const;

/** Recovery cases: payments made for periods in which the payee died; closed as recovered or waived with a note. */
export function RecoveryList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const list = useQuery(() => paymentsApi.recoveries(), []);
  const [closing, setClosing] = useState<Recovery>();
  const scan = async () => {
    try {
      const r = await paymentsApi.scan();
      message.info(t('benefits.payments.recoveries.scanned', { count: r.opened }));
      await list.reload();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card
      size="small"
      title={t('benefits.payments.recoveries.title')}
      extra={
        <Button onClick={() => void scan()} data-testid="recovery-scan">
          {t('benefits.payments.recoveries.scan')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('benefits.payments.recoveries.intro')}</Typography.Paragraph>
      <QueryResult {...list}>
        {(items) => (
          <Table<Recovery>
            rowKey="id"
            size="small"
            dataSource={items}
            pagination={false}
            data-testid="recovery-list"
            locale={{ emptyText: t('benefits.payments.recoveries.empty') }}
            columns={[
              {
                title: t('benefits.payments.recoveries.person'),
                key: 'p',
                render: (_, r) => (
                  <Space direction="vertical" size={0}>
                    {r.name}
                    <Typography.Text type="secondary">
                      {r.idNumberMasked} {r.unitName}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: t('benefits.payments.recoveries.period'), dataIndex: 'period' },
              {
                title: t('benefits.payments.recoveries.paid'),
                key: 'paid',
                align: 'right',
                render: (_, r) => fenToYuan(r.paidFen),
              },
              {
                title: t('benefits.payments.recoveries.amount'),
                key: 'amount',
                align: 'right',
                render: (_, r) => fenToYuan(r.amountFen),
              },
              { title: t('benefits.payments.recoveries.reason'), dataIndex: 'reason' },
              {
                title: t('benefits.payments.recoveries.status'),
                key: 'status',
                render: (_, r) => (
                  <Space direction="vertical" size={0}>
                    <Tag color={COLOR[r.status]}>{t(`benefits.payments.recoveries.statuses.${r.status}`)}</Tag>
                    {r.note}
                  </Space>
                ),
              },
              {
                title: '',
                key: 'close',
                render: (_, r) =>
                  r.status === 'open' && (
                    <Button size="small" onClick={() => setClosing(r)} data-testid={`recovery-close-${r.id}`}>
                      {t('benefits.payments.recoveries.close')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </QueryResult>
      {closing && (
        <CloseDialog
          recovery={closing}
          onClose={(done) => {
            setClosing(undefined);
            if (done) void list.reload();
          }}
        />
      )}
    </Card>
  );
}

function CloseDialog({ recovery, onClose }: { recovery: Recovery; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const showError = useErrorMessage();
  const [status, setStatus] = useState<'recovered' | 'waived'>('recovered');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await paymentsApi.closeRecovery(recovery.id, status, note);
      onClose(true);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t('benefits.payments.recoveries.close')} · ${recovery.name}`}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      confirmLoading={busy}
      okButtonProps={{ disabled: !note.trim() }}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group value={status} onChange={(e) => setStatus(e.target.value as 'recovered' | 'waived')}>
          <Radio value="recovered">{t('benefits.payments.recoveries.recovered')}</Radio>
          <Radio value="waived">{t('benefits.payments.recoveries.waived')}</Radio>
        </Radio.Group>
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('benefits.payments.recoveries.note')}
          data-testid="recovery-close-note"
        />
      </Space>
    </Modal>
  );
}
