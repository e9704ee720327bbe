import { Result } from 'antd';

/** Placeholder until this page is built. */
export function AnnualReportPage() {
  return <Result status="info" title="AnnualReportPage" />;
}
