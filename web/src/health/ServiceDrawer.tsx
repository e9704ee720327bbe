import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Descriptions,
  Drawer,
  Input,
  Modal,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { type ServiceDetail, healthApi, tabsFor } from './healthApi.js';
import { PersonCell, ResultTag, SealedText } from './HealthTags.js';

/** One service record: who, when, where, by whom, the result, the findings (or a masked tag), its follow-up; voiding with a reason. */
export function ServiceDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string | undefined;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { can, me } = useMe();
  const followups = tabsFor(me.permissions).includes('followups');
  const navigate = useNavigate();
  const detail = useQuery(() => healthApi.service(id!), [id], id !== undefined);
  const s = id && detail.data?.id === id ? detail.data : undefined;
  const [voiding, setVoiding] = useState(false);
  return (
    <Drawer
      open={id !== undefined}
      onClose={onClose}
      size={720}
      destroyOnHidden
      title={s ? t('health.service.title', { name: s.person.name }) : t('health.tabs.services')}
      extra={
        s &&
        !s.voided &&
        can('health.record') && (
          <Button danger onClick={() => setVoiding(true)} data-testid="service-void">
            {t('health.service.void')}
          </Button>
        )
      }
    >
      {id && !s && !detail.error ? (
        <Skeleton active />
      ) : (
        <QueryResult {...detail} data={s}>
          {(service) => (
            <div data-testid="service-detail">
              {service.voided && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 16 }}
                  title={`${t('health.services.voided')}：${service.voidReason ?? ''}`}
                  description={`${t('health.service.voidedAt')} ${formatDateTime(service.voidedAt)}`}
                />
              )}
              <ServiceFacts service={service} />
              {service.followupId && followups && (
                <Button
                  style={{ marginTop: 16 }}
                  onClick={() => navigate(`/health/followups?followup=${encodeURIComponent(service.followupId!)}`)}
                  data-testid="service-followup-link"
                >
                  {t('health.service.openFollowup')}
                </Button>
              )}
            </div>
          )}
        </QueryResult>
      )}
      {voiding && s && (
        <VoidDialog
          service={s}
          onClose={(done) => {
            setVoiding(false);
            if (done) {
              void detail.reload();
              onChanged();
            }
          }}
        />
      )}
    </Drawer>
  );
}

function ServiceFacts({ service: s }: { service: ServiceDetail }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={2} size="small" bordered>
      <Descriptions.Item label={t('health.services.person')}>
        <PersonCell person={s.person} />
      </Descriptions.Item>
      <Descriptions.Item label={t('health.services.village')}>{s.unitName}</Descriptions.Item>
      {s.partner && (
        <Descriptions.Item label={t('health.service.partner')} span={2}>
          <PersonCell person={s.partner} />
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('health.services.kind')}>{t(`health.kinds.${s.kind}`)}</Descriptions.Item>
      <Descriptions.Item label={t('health.services.servedOn')}>{formatDate(s.servedOn)}</Descriptions.Item>
      <Descriptions.Item label={t('health.services.place')}>{s.place}</Descriptions.Item>
      <Descriptions.Item label={t('health.services.provider')}>{s.provider}</Descriptions.Item>
      <Descriptions.Item label={t('health.services.result')}>
        <ResultTag result={s.result} />
      </Descriptions.Item>
      <Descriptions.Item label={t('health.services.followup')}>
        {s.followupStatus ? (
          <Tag color={s.followupStatus === 'open' ? 'orange' : 'green'}>
            {t(s.followupStatus === 'open' ? 'health.services.followupOpen' : 'health.services.followupClosed')}
          </Tag>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('health.service.findings')} span={2}>
        <SealedText text={s.findings} masked={s.findingsMasked} data-testid="service-findings" />
      </Descriptions.Item>
      <Descriptions.Item label={t('health.service.recordedBy')}>{s.recordedBy ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('health.service.recordedAt')}>{formatDateTime(s.recordedAt)}</Descriptions.Item>
    </Descriptions>
  );
}

function VoidDialog({ service, onClose }: { service: ServiceDetail; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await healthApi.voidService(service.id, reason.trim());
      void message.success(t('health.service.voidedDone'));
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
      title={`${t('health.service.voidTitle')} · ${service.person.name}`}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      confirmLoading={busy}
      okButtonProps={{ danger: true, disabled: !reason.trim(), 'data-testid': 'service-void-submit' } as ButtonProps}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('health.service.voidHint')}</Typography.Text>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          placeholder={t('health.service.voidReasonPlaceholder')}
          data-testid="service-void-reason"
        />
      </Space>
    </Modal>
  );
}
