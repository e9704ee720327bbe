import { useEffect, useState } from 'react';
import { api } from '../api/api.js';
import type { Report, ReportListItem } from '../api/types.js';

/** The reason given with the latest return of a report, if it has one. */
export function lastReturnReason(report: Pick<Report, 'actions'>): string | undefined {
  for (let i = report.actions.length - 1; i >= 0; i--) {
    const action = report.actions[i]!;
    if (action.action === 'return') return action.reason ?? undefined;
  }
  return undefined;
}

/**
 * List items do not carry the return reason; a village worker must see it at once, so the
 * (few) returned reports of a list are opened to read it.
 */
export function useReturnReasons(items: ReportListItem[] | undefined): Record<string, string> {
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const ids = (items ?? [])
    .filter((i) => i.status === 'returned')
    .slice(0, 20)
    .map((i) => `${i.id}:${i.version}`)
    .join(',');
  useEffect(() => {
    if (!ids) return;
    let stale = false;
    const wanted = ids.split(',').map((s) => s.split(':')[0]!);
    Promise.all(
      wanted.map((id) =>
        api
          .getReport(id)
          .then((r) => [id, lastReturnReason(r)] as const)
          .catch(() => [id, undefined] as const),
      ),
    )
      .then((pairs) => {
        if (stale) return;
        const next: Record<string, string> = {};
        for (const [id, reason] of pairs) if (reason) next[id] = reason;
        setReasons(next);
      })
      .catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [ids]);
  return reasons;
}
