import { describe, expect, it } from 'vitest';
import en from './en.js';
import zhCN from './zh-CN.js';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
}

function lookup(catalog: unknown, key: string): string {
  return key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], catalog) as string;
}

describe('the language catalogs', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const key of keys(zhCN)) {
      expect(placeholders(lookup(en, key)), key).toEqual(placeholders(lookup(zhCN, key)));
    }
  });

  it('leave no English text empty', () => {
    for (const key of keys(en)) expect(lookup(en, key).length, key).toBeGreaterThan(0);
  });
});
