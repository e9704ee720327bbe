import { Skeleton } from 'antd';
import { Suspense, lazy } from 'react';
import type { EChartProps } from './EChartCanvas.js';

// ECharts is most of the dashboard's code: loaded on its own, while the figures are fetched and
// the cards already show.
const Canvas = lazy(() => import('./EChartCanvas.js'));

/** A chart; a skeleton of its size until the chart library has loaded. */
export function EChart(props: EChartProps) {
  return (
    <Suspense
      fallback={
        <div style={{ height: props.height, paddingTop: 12 }}>
          <Skeleton active paragraph={{ rows: Math.max(3, Math.floor(props.height / 40)) }} title={false} />
        </div>
      }
    >
      <Canvas {...props} />
    </Suspense>
  );
}
