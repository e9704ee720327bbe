import { useEffect, useRef, useState } from 'react';

/**
 * A picker's search as the user types: waits until typing pauses (300 ms), sends one request,
 * and keeps only the answer to the latest text, so a slow answer to "张" cannot overwrite the
 * answer to "张晓". `onFound` gets the items of that answer (none when it failed).
 */
export function useSearchAsYouType<T>(load: (text: string) => Promise<T[]>, onFound: (items: T[]) => void) {
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const generation = useRef(0);
  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (raw: string) => {
    clearTimeout(timer.current);
    const text = raw.trim();
    if (!text) {
      setSearching(false);
      return;
    }
    setSearching(true);
    timer.current = setTimeout(() => {
      const mine = ++generation.current;
      load(text)
        .then((items) => {
          if (mine === generation.current) onFound(items);
        })
        .catch(() => {
          if (mine === generation.current) onFound([]);
        })
        .finally(() => {
          if (mine === generation.current) setSearching(false);
        });
    }, 300);
  };

  return { search, searching };
}

/**
 * A value set from outside (editing a returned report, a link from a person page) is not among
 * the options a search found, so it has no label: load that one record once and add it.
 * `load` answers the option for an id; the options and callbacks are read as they are when the
 * value changes.
 */
export function usePickedOption<T extends { id: string }>(
  value: string | undefined,
  options: T[],
  load: (id: string) => Promise<T>,
  add: (option: T) => void,
) {
  useEffect(() => {
    if (!value || options.some((o) => o.id === value)) return;
    let stale = false;
    load(value)
      .then((option) => {
        if (!stale) add(option);
      })
      .catch(() => undefined);
    return () => {
      stale = true;
    };
    // Only a new value needs a label.
  }, [value]);
}
