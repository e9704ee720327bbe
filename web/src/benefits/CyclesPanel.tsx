import { Card, Empty } from 'antd';
import { useTranslation } from 'react-i18next';

/** /benefits/cycles */
export function CyclesPanel() {
  const { t } = useTranslation();
  return (
    <Card data-testid="benefits-cycles">
      <Empty description={t('benefits.cycles.placeholder')} />
    </Card>
  );
}
