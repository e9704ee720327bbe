import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealer } from './sealing.js';

describe('sealing sensitive columns', () => {
  const sealer = createSealer(randomBytes(32));
  it('round-trips and never stores the plain text', () => {
    const s = sealer.seal('11010519491231002X');
    expect(s).not.toContain('11010519491231002X');
    expect(sealer.open(s)).toBe('11010519491231002X');
    expect(sealer.seal('x')).not.toBe(sealer.seal('x'));
  });
  it('lookup hash is deterministic per key and differs across keys', () => {
    expect(sealer.lookupHash('a')).toBe(sealer.lookupHash('a'));
    expect(createSealer(randomBytes(32)).lookupHash('a')).not.toBe(sealer.lookupHash('a'));
  });
  it('detects tampering', () => {
    const s = sealer.seal('secret');
    const raw = Buffer.from(s.slice(3), 'base64');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    expect(() => sealer.open(`v1:${raw.toString('base64')}`)).toThrow();
  });
});
