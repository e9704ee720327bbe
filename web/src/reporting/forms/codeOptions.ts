/** A code table as Select options, labelled "01 汉族" so that people who know the codes can type them. */
export function codeOptions(table: Record<string, string>): { value: string; label: string }[] {
  return Object.entries(table)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, label]) => ({ value, label: `${value} ${label}` }));
}
