import { pinyin } from 'pinyin-pro';

/**
 * Names are searchable by characters, full pinyin without tones ("zhangxiaohong") and initials
 * ("zxh"), so a worker who types what she hears finds the person. Surname readings (曾 zeng,
 * 单 shan) use pinyin-pro's surname mode.
 */
export function namePinyin(name: string): { full: string; initials: string } {
  const clean = name.replace(/[\s\u3000·•]/g, '');
  const syllables = pinyin(clean, { toneType: 'none', type: 'array', surname: 'head', v: true });
  const full = syllables
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  const initials = syllables
    .map((s) => s[0] ?? '')
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return { full, initials };
}

/** Spaces inside Chinese names ("张 三") are typing noise; a middle dot belongs to some names. */
export function normalizeName(raw: string): string {
  return raw
    .replace(/[\s\u3000]+/g, '')
    .replace(/[•.]/g, '·')
    .trim();
}
