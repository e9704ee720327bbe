import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { programsApi, type BenefitProgram, type ProgramView } from './programsApi.js';

type Values = { definition: string; note?: string };

/** Where a JSON.parse error points, as a line number, so a long definition's mistake can be found. */
export function jsonProblem(text: string): { line?: number; message: string } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // V8 names the position for most mistakes ("… at position 12"), some newer ones the line.
    const at = /position (\d+)/.exec(message);
    const named = /line (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : named ? Number(named[1]) : undefined;
    return { line, message };
  }
}

/** A starting point for a local program: the shape of a built-in one under a new code. */
export function localProgramTemplate(from: BenefitProgram, countyCode: string): BenefitProgram {
  return {
    ...from,
    code: 'local_program',
    name: '本县地方项目（请改名）',
    nameEn: 'Local program (rename it)',
    amounts: from.amounts.map((tier) => ({
      ...tier,
      layers: [{ level: 'county', division: countyCode, from: `${new Date().getFullYear()}-01-01`, fen: 0 }],
    })),
    source: '',
  };
}

/**
 * The whole definition of a program as JSON: the rule, the amount tiers and their layers, who is
 * paid and how often (docs/benefits.md, "The rule language" and "Programs"). Editing saves the
 * next version based on the one shown (409 if someone saved meanwhile); a new local program is
 * added to the county's catalogue. The server checks the definition and names the wrong field in
 * Chinese (e.g. 金额档次第1项·第3层·金额（分）); nothing is saved until it is right.
 */
export function ProgramDefinitionForm({
  view,
  template,
  onClose,
  onSaved,
  onStale,
}: {
  /** The program to change; absent for a new local program. */
  view?: ProgramView;
  /** The definition a new program starts from. */
  template?: BenefitProgram;
  onClose: () => void;
  onSaved: () => void;
  onStale?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ title: string; lines: string[] }>();
  const en = i18n.language.startsWith('en');
  const start = view?.program ?? template;

  const submit = async (v: Values) => {
    setRefusal(undefined);
    const bad = jsonProblem(v.definition);
    if (bad) {
      form.setFields([
        {
          name: 'definition',
          errors: [
            bad.line
              ? t('benefits.programs.definition.jsonAt', { line: bad.line, message: bad.message })
              : t('benefits.programs.definition.json', { message: bad.message }),
          ],
        },
      ]);
      return;
    }
    setBusy(true);
    try {
      const program: unknown = JSON.parse(v.definition);
      const note = v.note?.trim() ?? '';
      const saved = view
        ? await programsApi.change(view.code, { baseVersion: view.version, note, program })
        : await programsApi.create({ note, program });
      void message.success(t('benefits.programs.definition.saved', { name: saved.name, version: saved.version }));
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setRefusal({ title: t('benefits.programs.definition.conflict', { message: err.message }), lines: [] });
        onStale?.();
      } else if (err instanceof ApiError && err.status === 400) {
        // The definition's problems are deep inside the JSON: list them all above the editor.
        setRefusal({ title: err.message, lines: err.problems.map((p) => p.message) });
      } else {
        showError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={
        view
          ? t('benefits.programs.definition.editTitle', { name: en ? view.nameEn : view.name })
          : t('benefits.programs.definition.newTitle')
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('benefits.programs.definition.save')}
      okButtonProps={{ loading: busy, 'data-testid': 'definition-ok' } as ButtonProps}
      destroyOnHidden
      width={820}
    >
      <Typography.Paragraph type="secondary">
        {view
          ? t('benefits.programs.definition.editHelp', { version: view.version + 1 })
          : t('benefits.programs.definition.newHelp')}
      </Typography.Paragraph>
      {refusal && (
        <Alert
          type="error"
          showIcon
          title={refusal.title}
          description={
            refusal.lines.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {refusal.lines.map((l, i) => (
                  <li key={i}>{l}</li>
                ))}
              </ul>
            ) : undefined
          }
          style={{ marginBottom: 12 }}
          data-testid="definition-refusal"
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ definition: JSON.stringify(start, null, 2) }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="definition"
          label={t('benefits.programs.definition.label')}
          rules={[{ required: true, whitespace: true, message: t('benefits.programs.definition.required') }]}
        >
          <Input.TextArea
            rows={18}
            spellCheck={false}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
            data-testid="definition-json"
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('benefits.programs.definition.note')}
          rules={[{ required: true, whitespace: true, message: t('benefits.programs.definition.noteRequired') }]}
        >
          <Input.TextArea
            rows={2}
            maxLength={500}
            showCount
            placeholder={t('benefits.programs.topUp.reasonPlaceholder')}
            data-testid="definition-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
