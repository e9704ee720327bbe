import { sql, type Kysely } from 'kysely';

/**
 * Splits a migration script into statements and runs them one by one: PGlite's parameterised
 * query path takes a single statement. Semicolons inside $$-quoted bodies and '...' literals
 * do not split.
 */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inDollar = false;
  let inQuote = false;
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (!inQuote && c === '$' && script[i + 1] === '$') {
      inDollar = !inDollar;
      cur += '$$';
      i++;
      continue;
    }
    if (!inDollar && c === "'") inQuote = !inQuote;
    if (c === ';' && !inDollar && !inQuote) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export async function runScript(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of splitStatements(script)) {
    await sql.raw(statement).execute(db);
  }
}
