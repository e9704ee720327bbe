import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/api.js';
import type { Me } from '../api/types.js';
import { LanguageSwitch } from '../shell/LanguageSwitch.js';
import { useErrorText } from '../shell/useErrorMessage.js';

type LoginForm = { username: string; password: string };

/** Username and password; the server's own message explains a refusal (wrong password, locked). */
export function LoginPage({ onLoggedIn, expired }: { onLoggedIn: (me: Me) => void; expired?: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    // The hint names demo accounts, so it shows only where they exist (never on a real installation).
    api
      .health()
      .then((h) => setDemo(h.demo))
      .catch(() => setDemo(false));
  }, []);

  const submit = async (values: LoginForm) => {
    setBusy(true);
    setError(undefined);
    try {
      const { user } = await api.login(values.username.trim(), values.password);
      onLoggedIn(user);
    } catch (err) {
      setError(err instanceof ApiError && err.message ? err.message : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="renkou-login-bg">
      <Flex vertical align="center" gap={20} style={{ width: '100%', maxWidth: 400 }}>
        <Flex vertical align="center" gap={4}>
          <SafetyCertificateOutlined style={{ fontSize: 40, color: '#1f6fd1' }} />
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </Flex>
        <Card
          title={t('login.title')}
          extra={<LanguageSwitch />}
          style={{ width: '100%', boxShadow: '0 6px 24px rgba(31, 111, 209, 0.08)' }}
        >
          {expired && !error && (
            <Alert type="warning" showIcon title={t('login.sessionExpired')} style={{ marginBottom: 16 }} />
          )}
          {error && (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
          )}
          <Form<LoginForm> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoFocus
                size="large"
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                size="large"
                data-testid="login-password"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        {demo && (
          <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }} data-testid="login-demo-hint">
            {t('login.demoHint')}
          </Typography.Text>
        )}
      </Flex>
    </div>
  );
}
