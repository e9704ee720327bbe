import { Spin } from 'antd';

/** What shows while a page's code loads (once per page and session) or the session is checked. */
export function PageLoading({ fullScreen = false }: { fullScreen?: boolean }) {
  return (
    <div
      style={{ display: 'grid', placeItems: 'center', minHeight: fullScreen ? '100vh' : 240 }}
      data-testid="page-loading"
    >
      <Spin size={fullScreen ? 'large' : 'default'} />
    </div>
  );
}
