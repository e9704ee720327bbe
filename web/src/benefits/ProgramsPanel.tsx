import { Empty, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery.js';
import { QueryResult } from '../shell/QueryResult.js';
import { ProgramCard } from './ProgramCard.js';
import { programsApi } from './programsApi.js';

/** /benefits/programs: the county's programs in effect, who qualifies, the amounts and their versions. */
export function ProgramsPanel() {
  const { t } = useTranslation();
  const query = useQuery(() => programsApi.list(), []);
  return (
    <Flex vertical gap={16} data-testid="benefits-programs">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('benefits.programs.intro')}
      </Typography.Paragraph>
      <QueryResult {...query}>
        {(programs) =>
          programs.length === 0 ? (
            <Empty description={t('benefits.programs.empty')} />
          ) : (
            programs.map((p) => <ProgramCard key={p.code} view={p} onChanged={() => void query.reload()} />)
          )
        }
      </QueryResult>
    </Flex>
  );
}
