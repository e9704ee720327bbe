import { Result } from 'antd';

/** Placeholder until this page is built. */
export function IndicatorsPage() {
  return <Result status="info" title="IndicatorsPage" />;
}
