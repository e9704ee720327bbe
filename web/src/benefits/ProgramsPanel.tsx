import { Button, Empty, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { QueryResult } from '../shell/QueryResult.js';
import { ProgramCard } from './ProgramCard.js';
import { localProgramTemplate, ProgramDefinitionForm } from './ProgramDefinitionForm.js';
import { programsApi } from './programsApi.js';

/** /benefits/programs: the county's programs in effect, who qualifies, the amounts and their versions. */
export function ProgramsPanel() {
  const { t } = useTranslation();
  const { can, me } = useMe();
  const query = useQuery(() => programsApi.list(), []);
  const [adding, setAdding] = useState(false);
  const first = query.data?.[0]?.program;
  return (
    <Flex vertical gap={16} data-testid="benefits-programs">
      <Flex justify="space-between" align="start" gap={16}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('benefits.programs.intro')}
        </Typography.Paragraph>
        {can('benefit.manage') && first && (
          <Button onClick={() => setAdding(true)} data-testid="program-new">
            {t('benefits.programs.definition.newOpen')}
          </Button>
        )}
      </Flex>
      <QueryResult {...query}>
        {(programs) =>
          programs.length === 0 ? (
            <Empty description={t('benefits.programs.empty')} />
          ) : (
            programs.map((p) => <ProgramCard key={p.code} view={p} onChanged={() => void query.reload()} />)
          )
        }
      </QueryResult>
      {adding && first && (
        <ProgramDefinitionForm
          template={localProgramTemplate(first, me.unit.id)}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            void query.reload();
          }}
        />
      )}
    </Flex>
  );
}
