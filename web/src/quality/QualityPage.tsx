import { Result } from 'antd';

/** Placeholder until this page is built. */
export function QualityPage() {
  return <Result status="info" title="QualityPage" />;
}
