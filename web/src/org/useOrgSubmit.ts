import type { FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { ApiError } from '../api/api.js';
import { useErrorText } from '../shell/useErrorMessage.js';
import { formFieldOf } from './orgApi.js';

/**
 * Runs an org change for a form: a refusal that names fields lands under them (in the server's
 * Chinese), anything else in `error`, shown at the top of the form. Nothing is kept of a
 * refused change, so the form stays as the user filled it.
 */
export function useOrgSubmit(form: FormInstance, known: string[], rename: Record<string, string> = {}) {
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(
    async (action: () => Promise<void>) => {
      setBusy(true);
      setError(undefined);
      try {
        await action();
      } catch (err) {
        const problems = err instanceof ApiError ? err.problems : [];
        const placed = problems
          .map((p) => ({ name: formFieldOf(p.field, known, rename), errors: [p.message] }))
          .filter((f): f is { name: Array<string | number>; errors: string[] } => f.name !== undefined);
        if (placed.length) form.setFields(placed);
        if (placed.length < problems.length || problems.length === 0) setError(errorText(err));
      } finally {
        setBusy(false);
      }
    },
    [form, known, rename, errorText],
  );
  return { run, busy, error, clearError: () => setError(undefined) };
}
