import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Sensitive columns (ID numbers, later bank cards and health findings) are encrypted at rest
 * with AES-256-GCM, and a keyed hash (HMAC-SHA-256) stored beside them allows exact lookup
 * without decrypting. Both keys derive from one master key.
 */
export type Sealer = {
  seal(plain: string): string;
  open(sealed: string): string;
  /** Deterministic keyed hash for exact-match lookups of a sensitive value. */
  lookupHash(plain: string): string;
};

export function createSealer(masterKey: Buffer): Sealer {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'renkou:column-encryption', 32));
  const macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'renkou:lookup-hash', 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v1:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      if (!sealed.startsWith('v1:')) throw new Error('unknown sealed format');
      const raw = Buffer.from(sealed.slice(3), 'base64');
      const d = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
    lookupHash(plain) {
      return createHmac('sha256', macKey).update(plain, 'utf8').digest('hex');
    },
  };
}

/**
 * The key comes from RENKOU_SECRET_KEY; without it a key is generated once into the data
 * folder (mode 0600), so the embedded default needs no set-up. Losing that file loses the
 * encrypted columns: the docs tell operators to back it up with the data.
 */
export function loadMasterKey(secretKeyHex: string | undefined, dataDir: string): Buffer {
  if (secretKeyHex) return Buffer.from(secretKeyHex, 'hex');
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) {
    const hex = fs.readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`密钥文件 ${file} 内容无效 (invalid key file)`);
    return Buffer.from(hex, 'hex');
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
