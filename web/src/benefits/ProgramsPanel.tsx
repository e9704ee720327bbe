import { Card, Empty } from 'antd';
import { useTranslation } from 'react-i18next';

/** /benefits/programs */
export function ProgramsPanel() {
  const { t } = useTranslation();
  return (
    <Card data-testid="benefits-programs">
      <Empty description={t('benefits.programs.placeholder')} />
    </Card>
  );
}
