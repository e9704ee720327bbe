import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealer } from '../lib/sealing.js';
import { carryIdNumbers, maskedPayload, openPayload, sealPayload } from './report.payload.js';

describe('ID numbers inside report payloads', () => {
  const sealer = createSealer(randomBytes(32));
  const payload = { motherId: 'm', child: { name: '张三', sex: 1, idNumber: '11010519491231002X' } };

  it('are sealed for storage, masked for display and opened for confirmation', () => {
    const sealed = sealPayload(sealer, payload);
    expect(JSON.stringify(sealed)).not.toContain('11010519491231002X');
    expect(maskedPayload(sealed)).toEqual({
      motherId: 'm',
      child: { name: '张三', sex: 1, idNumberMasked: '110105********002X' },
    });
    expect(openPayload(sealer, sealed)).toEqual(payload);
  });

  it('are kept when a corrected report leaves them out', () => {
    const next = { motherId: 'm', child: { name: '张小三', sex: 1, idNumberMasked: '110105********002X' } };
    expect(carryIdNumbers(payload, next)).toEqual({
      motherId: 'm',
      child: { name: '张小三', sex: 1, idNumber: '11010519491231002X' },
    });
  });
});
