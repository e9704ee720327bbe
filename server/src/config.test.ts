import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/** Settings are checked once at start-up: defaults when absent, a message naming the variable when wrong. */
const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('settings read at start-up', () => {
  it('without any variable: port 3000 on 127.0.0.1, ./data, the embedded database', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.databaseUrl).toBeUndefined();
  });

  it('an empty value counts as absent', () => {
    const c = loadConfig({ PORT: '', HOST: '', RENKOU_DATA: '', DATABASE_URL: '' });
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: path.resolve('./data') });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('takes valid values as given; the data folder becomes absolute', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      RENKOU_DATA: 'var/renkou',
      DATABASE_URL: 'postgresql://renkou@db:5432/renkou',
    });
    expect(c.port).toBe(8080);
    expect(c.host).toBe('0.0.0.0');
    expect(c.dataDir).toBe(path.resolve('var/renkou'));
    expect(path.isAbsolute(c.dataDir)).toBe(true);
    expect(c.databaseUrl).toBe('postgresql://renkou@db:5432/renkou');
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/x' }).databaseUrl).toBe('postgres://localhost/x');
    expect(loadConfig({ PORT: '1' }).port).toBe(1);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '0'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['PORT', '-1'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    const message = refusal({ [name]: value });
    expect(message).toContain('配置错误');
    expect(message).toMatch(new RegExp(`^  ${name}: `, 'm'));
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL address, naming the variable and the rule', () => {
    for (const value of ['mysql://localhost/db', 'localhost:5432', 'http://db/renkou']) {
      const message = refusal({ DATABASE_URL: value });
      expect(message).toContain('DATABASE_URL: must start with postgres:// or postgresql://');
    }
  });

  it('a HOST or RENKOU_DATA of only an empty string is absent, not wrong; a wrong value elsewhere names only that variable', () => {
    const message = refusal({ HOST: '', RENKOU_DATA: '', PORT: 'x', DATABASE_URL: 'sqlite://a' });
    expect(message).toMatch(/^ {2}PORT: /m);
    expect(message).toMatch(/^ {2}DATABASE_URL: /m);
    expect(message).not.toContain('HOST');
    expect(message).not.toContain('RENKOU_DATA');
  });
});
