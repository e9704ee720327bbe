/** The one source of "now", so tests can move time (session timeouts, report timeliness). */
let offsetMs = 0;
export const clock = {
  now: (): Date => new Date(Date.now() + offsetMs),
  /** Today's date in China Standard Time as YYYY-MM-DD: event dates are local calendar dates. */
  today: (): string => new Date(Date.now() + offsetMs + 8 * 3_600_000).toISOString().slice(0, 10),
  advance: (ms: number): void => {
    offsetMs += ms;
  },
  reset: (): void => {
    offsetMs = 0;
  },
};
