import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, api } from '../api/api.js';
import { LanguageSwitch } from '../shell/LanguageSwitch.js';
import { Page } from '../shell/Page.js';
import { useErrorText } from '../shell/useErrorMessage.js';
import { homePath } from '../shell/menu.js';
import { useSession } from './useMe.js';

type PasswordForm = { currentPassword: string; newPassword: string; repeat: string };

/**
 * Changing one's own password. `forced` is the first login (or after a reset): no default
 * password may survive it, so the rest of the app stays closed until it is done.
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { refresh, logout } = useSession();
  const errorText = useErrorText();
  const [form] = Form.useForm<PasswordForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (values: PasswordForm) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.changePassword(values.currentPassword, values.newPassword);
      void message.success(t('password.changed'));
      const me = await refresh();
      void navigate(me ? homePath(me) : '/login', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.problems.length > 0) {
        form.setFields(
          err.problems.map((p) => ({
            name: (['currentPassword', 'newPassword'].includes(p.field) ? p.field : 'newPassword') as
              'currentPassword' | 'newPassword',
            errors: [p.message],
          })),
        );
      }
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const card = (
    <Card
      title={t('password.title')}
      extra={forced ? <LanguageSwitch /> : undefined}
      style={{ maxWidth: 460, width: '100%' }}
      data-testid="change-password"
    >
      {forced && <Alert type="warning" showIcon title={t('password.forced')} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<PasswordForm> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rules')}
          dependencies={['currentPassword']}
          rules={[
            { required: true, message: t('password.newRequired') },
            { min: 8, message: t('password.tooShort') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                value && value === getFieldValue('currentPassword')
                  ? Promise.reject(new Error(t('password.sameAsOld')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label={t('password.repeat')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.newRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-repeat" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block data-testid="password-submit">
          {t('password.submit')}
        </Button>
        {forced && (
          <Button type="link" block style={{ marginTop: 8 }} onClick={() => void logout()}>
            {t('header.logout')}
          </Button>
        )}
      </Form>
    </Card>
  );

  if (forced) return <div className="renkou-login-bg">{card}</div>;
  return (
    <Page title={t('password.title')} back>
      {card}
    </Page>
  );
}
