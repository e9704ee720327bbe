import { Result } from 'antd';

/** Placeholder until this page is built. */
export function DashboardPage() {
  return <Result status="info" title="DashboardPage" />;
}
