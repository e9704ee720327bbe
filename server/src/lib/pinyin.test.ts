import { describe, expect, it } from 'vitest';
import { namePinyin, normalizeName } from './pinyin.js';

describe('name pinyin', () => {
  it('gives full pinyin and initials without tones', () => {
    expect(namePinyin('张晓红')).toEqual({ full: 'zhangxiaohong', initials: 'zxh' });
  });
  it('reads surnames with their surname pronunciation', () => {
    expect(namePinyin('曾国藩').full).toBe('zengguofan');
    expect(namePinyin('单雄信').full.startsWith('shan')).toBe(true);
  });
  it('removes spaces typed inside names', () => {
    expect(normalizeName(' 张 三 ')).toBe('张三');
  });
});
