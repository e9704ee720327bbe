import { Alert, App, Button, Card, Flex, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import type { FieldProblem } from '../api/types.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { paymentsApi, type AccountPerson } from './paymentsApi.js';

type AccountValues = { bankName: string; accountNumber: string; holderName: string };

/**
 * Find a person in the caller's area and register or replace their one-card account; the list
 * shows the number masked, the full number only on request (audited). The bank's account list can
 * be imported whole.
 */
export function AccountSearch() {
  const { t } = useTranslation();
  const showError = useErrorMessage();
  const [q, setQ] = useState('');
  const [persons, setPersons] = useState<AccountPerson[]>();
  const [editing, setEditing] = useState<AccountPerson>();
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const search = async (text = q) => {
    if (!text.trim()) return;
    try {
      setPersons(await paymentsApi.accounts(text.trim()));
    } catch (e) {
      showError(e);
    }
  };
  const reveal = async (personId: string) => {
    try {
      const r = await paymentsApi.reveal(personId);
      setRevealed((m) => ({ ...m, [personId]: r.accountNumber }));
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Flex vertical gap="middle">
      <Card size="small" title={t('benefits.payments.accounts.title')}>
        <Typography.Paragraph type="secondary">{t('benefits.payments.accounts.intro')}</Typography.Paragraph>
        <Space.Compact style={{ maxWidth: 420 }}>
          <Input
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onPressEnter={() => void search()}
            placeholder={t('benefits.payments.accounts.search')}
            data-testid="account-search"
          />
          <Button type="primary" onClick={() => void search()} data-testid="account-search-submit">
            {t('benefits.payments.accounts.find')}
          </Button>
        </Space.Compact>
        {persons && (
          <Table<AccountPerson>
            style={{ marginTop: 12 }}
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={persons}
            data-testid="account-results"
            columns={[
              { title: t('benefits.payments.detail.name'), dataIndex: 'name' },
              { title: t('benefits.payments.detail.idNumber'), dataIndex: 'idNumberMasked' },
              { title: t('benefits.payments.detail.village'), dataIndex: 'unitName' },
              {
                title: t('benefits.payments.accounts.bankName'),
                key: 'bank',
                render: (_, p) => p.account?.bankName ?? '',
              },
              {
                title: t('benefits.payments.accounts.accountNumber'),
                key: 'account',
                render: (_, p) =>
                  p.account ? (
                    <span data-testid={`account-number-${p.id}`}>{revealed[p.id] ?? p.account.accountMasked}</span>
                  ) : (
                    <Typography.Text type="secondary">{t('benefits.payments.accounts.none')}</Typography.Text>
                  ),
              },
              {
                title: '',
                key: 'actions',
                render: (_, p) => (
                  <Space>
                    <Button size="small" onClick={() => setEditing(p)} data-testid={`account-edit-${p.id}`}>
                      {p.account ? t('benefits.payments.accounts.replace') : t('benefits.payments.accounts.register')}
                    </Button>
                    {p.account && !revealed[p.id] && (
                      <Button size="small" onClick={() => void reveal(p.id)} data-testid={`account-reveal-${p.id}`}>
                        {t('benefits.payments.accounts.reveal')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <AccountImport />
      {editing && (
        <AccountForm
          person={editing}
          onClose={(saved) => {
            setEditing(undefined);
            if (saved) {
              setRevealed({});
              void search();
            }
          }}
        />
      )}
    </Flex>
  );
}

function AccountForm({ person, onClose }: { person: AccountPerson; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<AccountValues>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const submit = async (v: AccountValues) => {
    setBusy(true);
    setRefusal(undefined);
    try {
      await paymentsApi.saveAccount(person.id, {
        ...v,
        ...(person.account ? { baseVersion: person.account.version } : {}),
      });
      message.success(t('benefits.payments.accounts.saved'));
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 409)) {
        setRefusal(e.message);
        form.setFields(e.problems.map((p) => ({ name: p.field as keyof AccountValues, errors: [p.message] })));
      } else showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${person.account ? t('benefits.payments.accounts.replace') : t('benefits.payments.accounts.register')} · ${person.name}`}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okText={t('benefits.payments.accounts.save')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'account-form-save' } as never}
    >
      <Form<AccountValues>
        form={form}
        layout="vertical"
        initialValues={{ holderName: person.name, bankName: person.account?.bankName ?? '' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="bankName" label={t('benefits.payments.accounts.bankName')} rules={[{ required: true }]}>
          <Input data-testid="account-form-bank" />
        </Form.Item>
        <Form.Item
          name="accountNumber"
          label={t('benefits.payments.accounts.accountNumber')}
          rules={[{ required: true }]}
        >
          <Input inputMode="numeric" autoComplete="off" data-testid="account-form-number" />
        </Form.Item>
        <Form.Item name="holderName" label={t('benefits.payments.accounts.holderName')} rules={[{ required: true }]}>
          <Input data-testid="account-form-holder" />
        </Form.Item>
      </Form>
      {refusal && <Alert type="error" message={refusal} data-testid="account-form-error" />}
    </Modal>
  );
}

function AccountImport() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FieldProblem[]>();
  const send = async (file: File) => {
    setBusy(true);
    setProblems(undefined);
    try {
      const r = await paymentsApi.importAccounts(file);
      message.success(t('benefits.payments.accounts.importDone', r));
    } catch (e) {
      if (e instanceof ApiError && e.status === 400)
        setProblems(e.problems.length ? e.problems : [{ field: 'file', message: e.message }]);
      else showError(e);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <Card size="small" title={t('benefits.payments.accounts.importTitle')}>
      <Typography.Paragraph type="secondary">{t('benefits.payments.accounts.importHint')}</Typography.Paragraph>
      <Button loading={busy} onClick={() => input.current?.click()} data-testid="account-import-button">
        {t('benefits.payments.accounts.importTitle')}
      </Button>
      <input
        ref={input}
        type="file"
        accept=".csv,.xlsx"
        style={{ display: 'none' }}
        data-testid="account-import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void send(f);
        }}
      />
      {problems && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          data-testid="account-import-errors"
          message={t('benefits.payments.accounts.importErrors')}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          }
        />
      )}
    </Card>
  );
}
