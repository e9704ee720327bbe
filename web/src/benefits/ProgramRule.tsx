import { useTranslation } from 'react-i18next';
import type { RuleText } from './programsApi.js';

/** A rule as nested sentences, in the reader's language (the rule's own labels where it has them). */
export function ProgramRule({ rule }: { rule: RuleText }) {
  const { i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const words = (r: RuleText) => (en ? r.en : r.zh);
  const render = (r: RuleText, depth: number) => (
    <>
      <span>{words(r)}</span>
      {r.parts && r.parts.length > 0 && (
        <ul style={{ margin: '2px 0 4px', paddingInlineStart: 20 }}>
          {r.parts.map((p, i) => (
            <li key={i}>{render(p, depth + 1)}</li>
          ))}
        </ul>
      )}
    </>
  );
  // The top-level "all of the following" says nothing a list does not: its items are shown directly.
  if (rule.kind === 'all' && rule.parts && words(rule) === (en ? 'all of the following' : '同时满足以下各项')) {
    return (
      <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="program-rule">
        {rule.parts.map((p, i) => (
          <li key={i}>{render(p, 1)}</li>
        ))}
      </ul>
    );
  }
  return <div data-testid="program-rule">{render(rule, 0)}</div>;
}
