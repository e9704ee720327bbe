import { Flex } from 'antd';
import { Route, Routes } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { CycleCandidates } from './CycleCandidates.js';
import { CycleGenerateForm } from './CycleGenerateForm.js';
import { CycleList } from './CycleList.js';
import { cyclesApi } from './cyclesApi.js';

/**
 * /benefits/cycles: the yearly rosters. The county (benefit.manage) generates a program's
 * candidates for a year; everyone with person.read sees the rosters and, under
 * /benefits/cycles/:cycleId, the candidates of their own area with the reason for each.
 */
export function CyclesPanel() {
  return (
    <div data-testid="benefits-cycles">
      <Routes>
        <Route index element={<CyclesHome />} />
        <Route path=":cycleId" element={<CycleCandidates />} />
      </Routes>
    </div>
  );
}

function CyclesHome() {
  const { can } = useMe();
  const cycles = useQuery(() => cyclesApi.list(), []);
  return (
    <Flex vertical gap="middle">
      {can('benefit.manage') && (
        <CycleGenerateForm cycles={cycles.data ?? []} onGenerated={() => void cycles.reload()} />
      )}
      <CycleList query={cycles} />
    </Flex>
  );
}
