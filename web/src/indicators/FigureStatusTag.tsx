import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATUS_COLOR, formatRange } from './format.js';
import type { Figure } from './indicatorApi.js';

/** Normal / uncertain / high / low against the normal range, the range in the tooltip. */
export function FigureStatusTag({ figure }: { figure: Pick<Figure, 'status' | 'normalRange' | 'unit' | 'decimals'> }) {
  const { t } = useTranslation();
  if (!figure.status) {
    return (
      <span style={{ color: 'rgba(0,0,0,0.35)' }}>
        {figure.normalRange ? t('indicators.noValue') : t('indicators.noRange')}
      </span>
    );
  }
  const range = formatRange(figure.normalRange, figure);
  return (
    <Tooltip title={t(`indicators.statusHelp.${figure.status}`, { range })}>
      <Tag color={STATUS_COLOR[figure.status]} data-testid="figure-status" data-status={figure.status}>
        {t(`indicators.status.${figure.status}`)}
      </Tag>
    </Tooltip>
  );
}
