import {
  AccountBookOutlined,
  AlertOutlined,
  ApiOutlined,
  ApartmentOutlined,
  AuditOutlined,
  ExperimentOutlined,
  HeartOutlined,
  MessageOutlined,
  SecurityScanOutlined,
  MedicineBoxOutlined,
  BarChartOutlined,
  BranchesOutlined,
  CarryOutOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  DownOutlined,
  FileAddOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Dropdown, Layout, Menu, Space, Tag, Tooltip, Typography, theme } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { PageLoading } from './PageLoading.js';
import { MENU_PATHS, type MenuKey, menuFor, selectedMenuKey } from './menu.js';
import { useHealth } from './useHealth.js';

const ICONS: Record<MenuKey, ReactNode> = {
  todo: <CarryOutOutlined />,
  newReport: <FileAddOutlined />,
  myReports: <ProfileOutlined />,
  review: <CheckSquareOutlined />,
  confirm: <FileDoneOutlined />,
  allReports: <ProfileOutlined />,
  persons: <FileSearchOutlined />,
  households: <HomeOutlined />,
  dashboard: <DashboardOutlined />,
  indicators: <BarChartOutlined />,
  quality: <AlertOutlined />,
  annualReport: <FileTextOutlined />,
  imports: <CloudUploadOutlined />,
  feeds: <ApiOutlined />,
  linkage: <BranchesOutlined />,
  benefits: <AccountBookOutlined />,
  health: <ExperimentOutlined />,
  care: <HeartOutlined />,
  petitions: <MessageOutlined />,
  cases: <SecurityScanOutlined />,
  dispensers: <MedicineBoxOutlined />,
  org: <ApartmentOutlined />,
  users: <TeamOutlined />,
  audit: <AuditOutlined />,
};

/** The frame around every page once a user is logged in: header, side menu, footer. */
export function AppShell() {
  const { t } = useTranslation();
  const { me, logout } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const { token } = theme.useToken();
  const { data: health } = useHealth();
  const keys = menuFor(me);
  const selected = selectedMenuKey(location.pathname, keys);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          paddingInline: 24,
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        <Space size={10} style={{ cursor: 'pointer' }} onClick={() => navigate('/')}>
          <SafetyCertificateOutlined style={{ fontSize: 22, color: token.colorPrimary }} />
          <Typography.Text strong style={{ fontSize: 17 }} data-testid="app-title">
            {t('app.title')}
          </Typography.Text>
          <Typography.Text type="secondary">{t('app.county')}</Typography.Text>
        </Space>
        <div style={{ flex: 1 }} />
        {me.isDemo && (
          <Tooltip title={t('header.demoTitle')}>
            <Tag color="orange" data-testid="demo-tag" style={{ marginInlineEnd: 0 }}>
              {t('header.demo')}
            </Tag>
          </Tooltip>
        )}
        <LanguageSwitch />
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
              { type: 'divider' },
              {
                key: 'logout',
                icon: <LogoutOutlined />,
                label: <span data-testid="logout">{t('header.logout')}</span>,
                danger: true,
              },
            ],
            onClick: ({ key }) => {
              if (key === 'password') void navigate('/account/password');
              if (key === 'logout') {
                void logout().then(() => navigate('/login', { replace: true }));
              }
            },
          }}
        >
          <Space
            size={8}
            style={{ cursor: 'pointer', lineHeight: 1.3 }}
            data-testid="user-menu"
            aria-label={t('header.userMenu')}
          >
            <Avatar size="small" icon={<UserOutlined />} style={{ background: token.colorPrimary }} />
            <span style={{ display: 'inline-flex', flexDirection: 'column' }}>
              <Typography.Text strong data-testid="user-name">
                {me.displayName}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="user-unit">
                {me.unit.name} · {t(`roles.${me.role}`)}
              </Typography.Text>
            </span>
            <DownOutlined style={{ fontSize: 10 }} />
          </Space>
        </Dropdown>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          width={200}
          breakpoint="lg"
          collapsedWidth={56}
          style={{ background: token.colorBgContainer, borderRight: `1px solid ${token.colorBorderSecondary}` }}
        >
          <Menu
            mode="inline"
            data-testid="side-menu"
            selectedKeys={selected ? [selected] : []}
            style={{ borderInlineEnd: 0, paddingTop: 8 }}
            items={keys.map((key) => ({
              key,
              icon: ICONS[key],
              label: <span data-testid={`menu-${key}`}>{t(`menu.${key}`)}</span>,
            }))}
            onClick={({ key }) => navigate(MENU_PATHS[key as MenuKey])}
          />
        </Layout.Sider>
        <Layout>
          <Layout.Content style={{ padding: 24, minWidth: 0 }}>
            {/* Keyed by path, so a page whose code is still loading never leaves the previous one half-shown. */}
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
          <Layout.Footer
            style={{ textAlign: 'center', color: token.colorTextTertiary, fontSize: 12, padding: '12px 24px' }}
            data-testid="footer"
          >
            {health
              ? t('app.footer', {
                  engine: t(`engine.${health.engine}`, { defaultValue: health.engine }),
                  version: health.version,
                })
              : t('app.footerNoServer')}
          </Layout.Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
