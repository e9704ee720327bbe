import { describe, expect, it } from 'vitest';
import { allowedActions } from './casesApi.js';

describe('what a case may still take', () => {
  it('steps until closed, one referral, closure from any open status; nothing once closed', () => {
    expect(allowedActions('open')).toEqual(['step', 'refer', 'close']);
    expect(allowedActions('investigating')).toEqual(['step', 'refer', 'close']);
    expect(allowedActions('referred')).toEqual(['step', 'close']);
    expect(allowedActions('closed')).toEqual([]);
  });
});
