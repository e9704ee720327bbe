import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/api.js';
import { ROLES, type Role, type User } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { Page } from '../shell/Page.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';

type UserForm = { username: string; displayName: string; role: Role; unitId: string };

/** Shows a temporary password once, with a copy button; it is never shown again. */
function TemporaryPassword({ username, password }: { username: string; password: string }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="temporary-password">
      <Alert type="warning" showIcon title={t('users.temporaryPasswordHint')} />
      <Typography.Text>{t('users.temporaryPasswordFor', { username })}</Typography.Text>
      <Typography.Text code copyable style={{ fontSize: 20 }} data-testid="temporary-password-value">
        {password}
      </Typography.Text>
    </Space>
  );
}

/** The security administrator's list of accounts and what can be done to each. */
export function UsersPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useErrorMessage();
  const { data, loading, reload } = useQuery(() => api.listUsers(), []);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [form] = Form.useForm<UserForm>();
  const [saving, setSaving] = useState(false);

  const users = useMemo(() => {
    const items = data?.items ?? [];
    const f = filter.trim().toLowerCase();
    if (!f) return items;
    return items.filter((u) => u.username.toLowerCase().includes(f) || u.displayName.toLowerCase().includes(f));
  }, [data, filter]);

  const showPassword = (username: string, password: string) => {
    modal.info({
      title: t('users.temporaryPasswordTitle'),
      width: 520,
      content: <TemporaryPassword username={username} password={password} />,
      okText: t('common.close'),
    });
  };

  const run = async (action: () => Promise<unknown>, done?: string) => {
    try {
      await action();
      if (done) void message.success(done);
      await reload();
    } catch (err) {
      showError(err);
    }
  };

  const openEditor = (user: User | 'new') => {
    setEditing(user);
  };

  const save = async () => {
    let values: UserForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      if (editing === 'new') {
        const created = await api.createUser({
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          role: values.role,
          unitId: values.unitId,
        });
        setEditing(null);
        showPassword(values.username.trim(), created.temporaryPassword);
      } else if (editing) {
        await api.updateUser(editing.id, {
          displayName: values.displayName.trim(),
          role: values.role,
          unitId: values.unitId,
        });
        setEditing(null);
        void message.success(t('users.updated'));
      }
      await reload();
    } catch (err) {
      if (err instanceof ApiError && err.problems.length > 0) {
        const names = ['username', 'displayName', 'role', 'unitId'];
        form.setFields(
          err.problems
            .filter((p) => names.includes(p.field))
            .map((p) => ({ name: p.field as keyof UserForm, errors: [p.message] })),
        );
      }
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Page
      title={t('users.title')}
      data-testid="users-page"
      extra={
        <Space>
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            onChange={(e) => setFilter(e.target.value)}
            style={{ width: 240 }}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
            {t('common.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openEditor('new')} data-testid="user-create">
            {t('users.create')}
          </Button>
        </Space>
      }
    >
      <Card styles={{ body: { padding: 0 } }}>
        <Table<User>
          rowKey="id"
          loading={loading}
          dataSource={users}
          pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { count: total }) }}
          columns={[
            {
              title: t('users.username'),
              dataIndex: 'username',
              render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
            },
            { title: t('users.displayName'), dataIndex: 'displayName' },
            {
              title: t('users.role'),
              dataIndex: 'role',
              render: (role: Role) => t(`roles.${role}`),
              filters: ROLES.map((r) => ({ text: t(`roles.${r}`), value: r })),
              onFilter: (value, user) => user.role === value,
            },
            { title: t('users.unit'), render: (_, u) => u.unit.name },
            {
              title: t('users.status'),
              render: (_, u) => (
                <Space size={4} wrap>
                  {u.disabled ? (
                    <Tag color="default">{t('users.disabled')}</Tag>
                  ) : (
                    <Tag color="green">{t('users.active')}</Tag>
                  )}
                  {u.locked && <Tag color="red">{t('users.locked')}</Tag>}
                  {u.mustChangePassword && <Tag color="gold">{t('users.mustChange')}</Tag>}
                  {u.isDemo && <Tag color="orange">{t('users.demo')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('common.actions'),
              render: (_, u) => (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => openEditor(u)}>
                    {t('users.edit')}
                  </Button>
                  <Popconfirm
                    title={t(u.disabled ? 'users.confirmEnable' : 'users.confirmDisable', { username: u.username })}
                    onConfirm={() => run(() => api.updateUser(u.id, { disabled: !u.disabled }), t('users.updated'))}
                  >
                    <Button type="link" size="small" danger={!u.disabled}>
                      {u.disabled ? t('users.enable') : t('users.disable')}
                    </Button>
                  </Popconfirm>
                  {u.locked && (
                    <Popconfirm
                      title={t('users.confirmUnlock', { username: u.username })}
                      onConfirm={() => run(() => api.unlockUser(u.id), t('users.unlocked'))}
                    >
                      <Button type="link" size="small">
                        {t('users.unlock')}
                      </Button>
                    </Popconfirm>
                  )}
                  <Popconfirm
                    title={t('users.confirmReset', { username: u.username })}
                    onConfirm={() =>
                      run(async () => {
                        const { temporaryPassword } = await api.resetPassword(u.id);
                        showPassword(u.username, temporaryPassword);
                      })
                    }
                  >
                    <Button type="link" size="small">
                      {t('users.resetPassword')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={
          editing === 'new'
            ? t('users.createTitle')
            : editing
              ? t('users.editTitle', { name: editing.displayName })
              : ''
        }
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form<UserForm>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={
            editing && editing !== 'new'
              ? {
                  username: editing.username,
                  displayName: editing.displayName,
                  role: editing.role,
                  unitId: editing.unit.id,
                }
              : undefined
          }
        >
          <Form.Item
            name="username"
            label={t('users.username')}
            rules={[
              { required: true, message: t('users.usernameRequired') },
              { pattern: /^[a-z0-9._-]{3,32}$/, message: t('users.usernamePattern') },
            ]}
          >
            <Input disabled={editing !== 'new'} autoComplete="off" data-testid="user-form-username" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('users.displayName')}
            rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
          >
            <Input data-testid="user-form-display-name" />
          </Form.Item>
          <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('users.roleRequired') }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} data-testid="user-form-role" />
          </Form.Item>
          <Form.Item
            name="unitId"
            label={t('users.unit')}
            rules={[{ required: true, message: t('users.unitRequired') }]}
          >
            <UnitPicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
