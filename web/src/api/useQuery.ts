import { useCallback, useEffect, useRef, useState } from 'react';

export type QueryState<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
};

/**
 * Loads data when `key` changes and drops answers that arrive after a newer request was made
 * (typing in a search box must not show the results of an older query).
 */
export function useQuery<T>(load: () => Promise<T>, key: unknown[], enabled = true): QueryState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(enabled);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    setError(undefined);
    try {
      const value = await loadRef.current();
      if (mine === generation.current) setData(value);
    } catch (err) {
      if (mine === generation.current) setError(err);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    void reload();
    // `key` lists what the load depends on; `load` itself changes every render.
  }, [enabled, reload, ...key]);

  return { data, error, loading, reload };
}
