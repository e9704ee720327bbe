import { useEffect, useState } from 'react';
import { api } from '../api/api.js';
import type { ImportProgress } from '../api/types.js';

/**
 * The server's progress of a running import, polled by its token about once a second while
 * `token` is set. One request at a time: on the embedded engine an import holds the database,
 * and a poll may wait until it commits; polls must not pile up behind it.
 */
export function useImportProgress(token: string | undefined): ImportProgress | undefined {
  const [progress, setProgress] = useState<ImportProgress>();
  useEffect(() => {
    setProgress(undefined);
    if (!token) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      api
        .importProgress(token)
        .then((p) => {
          if (!stopped) setProgress(p);
        })
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) timer = setTimeout(poll, 1000);
        });
    };
    timer = setTimeout(poll, 500);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [token]);
  return progress;
}
