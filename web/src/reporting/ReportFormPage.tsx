import {
  HeartOutlined,
  LogoutOutlined,
  EditOutlined,
  SmileOutlined,
  StopOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Form, Result, Row, Skeleton, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { ApiError, api } from '../api/api.js';
import { REPORT_TYPES, type Report, type ReportType } from '../api/types.js';
import { problemsToFieldErrors } from '../lib/problems.js';
import { Page } from '../shell/Page.js';
import { useErrorMessage, useErrorText } from '../shell/useErrorMessage.js';
import { BirthFields } from './forms/BirthFields.js';
import { CorrectionFields } from './forms/CorrectionFields.js';
import { DeathFields } from './forms/DeathFields.js';
import { DivorceFields } from './forms/DivorceFields.js';
import { MarriageFields } from './forms/MarriageFields.js';
import { MoveInFields } from './forms/MoveInFields.js';
import { MoveOutFields } from './forms/MoveOutFields.js';
import { type ReportFormValues, hasChanges, toReportFormValues, toReportRequest } from './reportRequest.js';

const TYPE_ICONS: Record<ReportType, ReactNode> = {
  birth: <SmileOutlined />,
  death: <StopOutlined />,
  marriage: <HeartOutlined />,
  divorce: <HeartOutlined rotate={180} />,
  move_in: <UserAddOutlined />,
  move_out: <LogoutOutlined />,
  correction: <EditOutlined />,
};

function TypeChooser() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Page title={t('form.newTitle')} data-testid="report-type-chooser">
      <Row gutter={[16, 16]}>
        {REPORT_TYPES.map((type) => (
          <Col xs={12} md={8} lg={6} key={type}>
            <Card hoverable onClick={() => navigate(`/reports/new/${type}`)} data-testid={`choose-type-${type}`}>
              <Flex vertical align="center" gap={8}>
                <span style={{ fontSize: 28, color: '#1f6fd1' }}>{TYPE_ICONS[type]}</span>
                <Typography.Text strong>{t(`reportType.${type}`)}</Typography.Text>
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
    </Page>
  );
}

function Fields({ type, unitId }: { type: ReportType; unitId: string }) {
  switch (type) {
    case 'birth':
      return <BirthFields unitId={unitId} />;
    case 'death':
      return <DeathFields unitId={unitId} />;
    case 'marriage':
      return <MarriageFields unitId={unitId} />;
    case 'divorce':
      return <DivorceFields unitId={unitId} />;
    case 'move_in':
      return <MoveInFields unitId={unitId} />;
    case 'move_out':
      return <MoveOutFields unitId={unitId} />;
    case 'correction':
      return <CorrectionFields unitId={unitId} />;
  }
}

/** Flattens antd's registered field names so server problems can be matched to them. */
function fieldPaths(form: ReturnType<typeof Form.useForm<ReportFormValues>>[0]): string[][] {
  return form.getFieldsError().map((f) => f.name.map(String));
}

function ReportForm({ type, report }: { type: ReportType; report?: Report }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { me } = useMe();
  const [params] = useSearchParams();
  const showError = useErrorMessage();
  const errorText = useErrorText();
  const [form] = Form.useForm<ReportFormValues>();
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string[]>();

  const initialValues = useMemo<ReportFormValues>(() => {
    if (report) return toReportFormValues(type, report.eventDate, report.payload);
    const personId = params.get('personId') ?? undefined;
    if (type === 'birth') return { payload: { place: 'hospital', defect: false } };
    return personId ? { payload: { personId } } : {};
  }, [type, report, params]);

  const unitId = report?.unit.id ?? me.unit.id;

  const submit = async () => {
    setServerError(undefined);
    let values: ReportFormValues;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true) as ReportFormValues;
    } catch {
      void message.error(t('form.fixErrors'));
      return;
    }
    if (type === 'correction' && !hasChanges(values)) {
      void message.error(t('form.atLeastOneChange'));
      return;
    }
    const request = toReportRequest(type, values);
    setBusy(true);
    try {
      const saved = report
        ? await api.resubmitReport(report.id, { version: report.version, ...request })
        : await api.createReport({ type, unitId, ...request });
      void message.success(report ? t('form.resubmitted') : t('form.submitted'));
      void navigate(`/reports/${saved.id ?? report?.id}`, { replace: Boolean(report) });
    } catch (err) {
      // 400 names invalid fields; a 409 may too (an ID number already registered, the same
      // child reported twice). A 409 without a field on an edit is someone else's change.
      if (err instanceof ApiError && (err.status === 400 || (err.status === 409 && err.problems.length > 0))) {
        const { fields, unmatched } = problemsToFieldErrors(err.problems, fieldPaths(form));
        form.setFields(fields.map((f) => ({ name: f.name, errors: f.errors })));
        setServerError([err.message, ...unmatched.map((p) => p.message)].filter(Boolean));
        void message.error(t('form.serverProblems', { message: errorText(err) }));
      } else if (err instanceof ApiError && err.status === 409 && report) {
        void message.warning(t('common.conflict'));
        void navigate(`/reports/${report.id}`, { replace: true });
      } else {
        showError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const reason = report?.status === 'returned' ? report.lastReason : null;

  return (
    <Page
      back
      title={report ? t('form.editTitle') : t('report.title', { type: t(`reportType.${type}`) })}
      subtitle={`${t('form.reportingUnit')}：${report?.unit.name ?? me.unit.name}`}
      data-testid={`report-form-${type}`}
    >
      {reason && <Alert type="error" showIcon title={t('report.lastReturn', { reason })} />}
      {serverError && serverError.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('form.serverProblems', { message: serverError[0] })}
          description={serverError.length > 1 ? serverError.slice(1).join('；') : undefined}
          data-testid="form-server-error"
        />
      )}
      <Card>
        <Form<ReportFormValues>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          scrollToFirstError
          onFinish={() => void submit()}
          data-testid="report-form"
        >
          <Fields type={type} unitId={unitId} />
          <Flex gap={8} justify="end" style={{ marginTop: 8 }}>
            <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="report-submit">
              {report ? t('form.resubmit') : t('form.submit')}
            </Button>
          </Flex>
        </Form>
      </Card>
    </Page>
  );
}

/**
 * A village worker's report form, one per event type (/reports/new/:type), or a returned
 * report opened for editing (/reports/:id/edit), which resubmits it.
 */
export function ReportFormPage() {
  const { t } = useTranslation();
  const params = useParams();
  const showError = useErrorMessage();
  const editId = params.id;
  const [report, setReport] = useState<Report | null>();

  useEffect(() => {
    if (!editId) return;
    let stale = false;
    api
      .getReport(editId)
      .then((r) => {
        if (!stale) setReport(r);
      })
      .catch((err: unknown) => {
        if (!stale) setReport(null);
        showError(err);
      });
    return () => {
      stale = true;
    };
  }, [editId, showError]);

  if (editId) {
    if (report === undefined) return <Skeleton active />;
    if (report === null) return <Result status="404" title={t('common.notFound')} />;
    if (!report.allowedActions.includes('resubmit')) {
      return <Result status="warning" title={t('form.notEditable')} />;
    }
    return <ReportForm key={`${report.id}:${report.version}`} type={report.type} report={report} />;
  }

  const type = params.type as ReportType | undefined;
  if (!type) return <TypeChooser />;
  if (!REPORT_TYPES.includes(type)) return <Result status="404" title={t('common.pageNotFound')} />;
  return <ReportForm key={type} type={type} />;
}
