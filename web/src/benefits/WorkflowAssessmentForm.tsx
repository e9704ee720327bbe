import { Alert, App, DatePicker, Form, Input, List, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { isFuture, toIsoDate } from '../lib/dates.js';
import { PersonSelect } from '../registry/PersonSelect.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { fenToYuan } from './cyclesApi.js';
import { DISABILITY_CATEGORIES, workflowApi, type AssessmentResult } from './workflowApi.js';

type Values = { personId: string; grade: number; category: string; assessedOn: Dayjs; certificateNo?: string };
const FIELDS = ['personId', 'grade', 'category', 'assessedOn', 'certificateNo'] as const;

/**
 * A disability assessment from the certificate, recorded in the registry. The server judges the
 * parents' open candidates again (and adds a parent who now qualifies); the answer is shown here
 * before the form closes, so the worker sees whom it changed.
 */
export function WorkflowAssessmentForm({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AssessmentResult>();
  const personId = Form.useWatch('personId', form);
  const existing = useQuery(() => workflowApi.assessments(personId!), [personId], !!personId);
  const outcome = (o: 'yes' | 'no' | 'unknown') => t(`benefits.cycles.outcome.${o}`);

  const submit = async () => {
    if (result) {
      setResult(undefined);
      onDone();
      return;
    }
    const v = await form.validateFields();
    setBusy(true);
    try {
      const res = await workflowApi.recordAssessment({
        personId: v.personId,
        grade: v.grade,
        category: v.category,
        assessedOn: toIsoDate(v.assessedOn)!,
        certificateNo: v.certificateNo || undefined,
      });
      void message.success(
        t('benefits.workflow.assessment.done', { re: res.reevaluated.length, added: res.added.length }),
      );
      setResult(res);
    } catch (e) {
      if (e instanceof ApiError)
        form.setFields(
          e.problems
            .filter((p) => (FIELDS as readonly string[]).includes(p.field))
            .map((p) => ({ name: p.field as (typeof FIELDS)[number], errors: [p.message] })),
        );
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    const had = result !== undefined;
    setResult(undefined);
    if (had) onDone();
    else onClose();
  };
  return (
    <Modal
      open={open}
      title={t('benefits.workflow.assessment.title')}
      onCancel={close}
      onOk={() => void submit()}
      okText={result ? t('benefits.workflow.reasonModal.ok') : t('benefits.workflow.assessment.submit')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'assessment-submit' } as Record<string, string>}
    >
      {result ? (
        <div data-testid="assessment-result">
          <Alert
            type="success"
            showIcon
            message={t('benefits.workflow.assessment.done', {
              re: result.reevaluated.length,
              added: result.added.length,
            })}
          />
          <List
            size="small"
            dataSource={[...result.reevaluated, ...result.added]}
            renderItem={(r) => (
              <List.Item>
                {t('benefits.workflow.assessment.changed', {
                  name: r.name,
                  year: r.year,
                  program: r.programName,
                  from: outcome(r.from.outcome),
                  to: outcome(r.to.outcome),
                  amount: fenToYuan(r.to.amountFen),
                })}
              </List.Item>
            )}
          />
          {result.waiting.map((w) => (
            <Typography.Paragraph key={w.candidateId} type="warning">
              {t('benefits.workflow.assessment.waiting', { name: w.name, program: w.programName })}
            </Typography.Paragraph>
          ))}
        </div>
      ) : (
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="personId" label={t('benefits.workflow.assessment.person')} rules={[{ required: true }]}>
            <PersonSelect data-testid="assessment-person" />
          </Form.Item>
          {personId && existing.data && (
            <Typography.Paragraph type="secondary">
              {t('benefits.workflow.assessment.existing')}：
              {existing.data.items.length
                ? existing.data.items
                    .map(
                      (a) =>
                        `${a.assessedOn} ${t('benefits.workflow.assessment.gradeOption', { n: a.grade })} ${t(`benefits.workflow.assessment.categories.${a.category as (typeof DISABILITY_CATEGORIES)[number]}`)}`,
                    )
                    .join('；')
                : t('benefits.workflow.assessment.none')}
            </Typography.Paragraph>
          )}
          <Form.Item name="grade" label={t('benefits.workflow.assessment.grade')} rules={[{ required: true }]}>
            <Select
              data-testid="assessment-grade"
              options={[1, 2, 3, 4].map((n) => ({
                value: n,
                label: t('benefits.workflow.assessment.gradeOption', { n }),
              }))}
            />
          </Form.Item>
          <Form.Item name="category" label={t('benefits.workflow.assessment.category')} rules={[{ required: true }]}>
            <Select
              data-testid="assessment-category"
              options={DISABILITY_CATEGORIES.map((c) => ({
                value: c,
                label: t(`benefits.workflow.assessment.categories.${c}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="assessedOn"
            label={t('benefits.workflow.assessment.assessedOn')}
            rules={[{ required: true }]}
          >
            <DatePicker disabledDate={isFuture} style={{ width: '100%' }} data-testid="assessment-date" />
          </Form.Item>
          <Form.Item name="certificateNo" label={t('benefits.workflow.assessment.certificateNo')}>
            <Input maxLength={40} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
