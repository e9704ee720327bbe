import { ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, InputNumber, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { useQuery } from '../api/useQuery.js';
import { cyclesApi, fenToYuan, type Cycle } from './cyclesApi.js';
import { programsApi } from './programsApi.js';

type Values = { programCode: string; year: number };

/**
 * The county picks a program and a year and generates its candidates. An existing roster is
 * replaced only after confirming (the server refuses once anyone has acted on it).
 */
export function CycleGenerateForm({ cycles, onGenerated }: { cycles: Cycle[]; onGenerated: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  // The county's programs as it keeps them, local ones included.
  const programs = useQuery(() => programsApi.list(), []).data ?? [];
  const showError = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const thisYear = new Date().getFullYear();

  const run = async (v: Values) => {
    setBusy(true);
    try {
      const r = await cyclesApi.generate(v);
      const text = t('benefits.cycles.generate.done', {
        eligible: r.counts.eligible,
        toVerify: r.counts.toVerify,
        amount: fenToYuan(r.counts.amountFen),
        seconds: r.counts.seconds.toFixed(1),
      });
      void message.success(r.replaced ? text + t('benefits.cycles.generate.replaced') : text);
      onGenerated();
    } catch (err) {
      // A refusal naming a field marks that field; anything else is shown as a message.
      if (err instanceof ApiError && err.problems.length) {
        form.setFields(
          err.problems
            .filter((p) => p.field === 'programCode' || p.field === 'year')
            .map((p) => ({ name: p.field as keyof Values, errors: [p.message] })),
        );
      }
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = (v: Values) => {
    const exists = cycles.some((c) => c.programCode === v.programCode && c.year === v.year);
    if (!exists) return void run(v);
    modal.confirm({ content: t('benefits.cycles.generate.confirm'), onOk: () => run(v) });
  };

  return (
    <Card title={t('benefits.cycles.generate.title')} size="small">
      <Form
        form={form}
        layout="inline"
        initialValues={{ programCode: 'rural_reward', year: thisYear }}
        onFinish={submit}
        data-testid="cycle-generate-form"
      >
        <Form.Item name="programCode" label={t('benefits.cycles.generate.program')} rules={[{ required: true }]}>
          <Select
            style={{ width: 320 }}
            data-testid="cycle-program"
            options={programs.map((p) => ({
              value: p.code,
              label: i18n.language.startsWith('en') ? p.nameEn : p.name,
            }))}
          />
        </Form.Item>
        <Form.Item name="year" label={t('benefits.cycles.generate.year')} rules={[{ required: true }]}>
          <InputNumber min={2004} max={thisYear + 1} precision={0} data-testid="cycle-year" />
        </Form.Item>
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<ThunderboltOutlined />}
            loading={busy}
            data-testid="cycle-generate"
          >
            {t('benefits.cycles.generate.submit')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
