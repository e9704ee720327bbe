import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';

export type PageProps = {
  title: ReactNode;
  subtitle?: ReactNode;
  extra?: ReactNode;
  back?: boolean;
  children: ReactNode;
  'data-testid'?: string;
};

/** Title row and body of one page, with the same spacing everywhere. */
export function Page({ title, subtitle, extra, back, children, ...rest }: PageProps) {
  const navigate = useNavigate();
  return (
    <div data-testid={rest['data-testid']} style={{ maxWidth: 1280, margin: '0 auto' }}>
      <Flex align="center" gap={12} wrap style={{ marginBottom: 16 }}>
        {back && <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="back" />}
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
          {title}
        </Typography.Title>
        {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
        <div style={{ flex: 1 }} />
        {extra}
      </Flex>
      <Flex vertical gap={16}>
        {children}
      </Flex>
    </div>
  );
}
