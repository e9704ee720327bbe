/**
 * One-card (惠民惠农一卡通) account numbers. The card the county pays into is a UnionPay debit
 * card (银联借记卡) or the social security card's bank account, issued by a bank or the rural
 * credit cooperative: 16 to 19 digits, the first six the issuer (BIN; UnionPay's start with 62),
 * the last a Luhn check digit (ISO/IEC 7812). Checking the Luhn digit catches almost every single
 * mistyped digit and every swap of two neighbours, which otherwise come back weeks later as failed
 * payments. We do not check the BIN: cards co-branded with other schemes and older regional
 * cards start differently.
 */
import { toHalfWidth } from '../lib/messy.js';

export type AccountNumberResult = { ok: true; value: string } | { ok: false; message: string };

/** Luhn (mod 10) over all digits, the last being the check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Reads an account number as typed: full-width digits, spaces and hyphens (how it is printed on
 * the card, in groups of four) are allowed and dropped.
 */
export function parseAccountNumber(raw: string): AccountNumberResult {
  const text = toHalfWidth(raw).replace(/[\s-]+/g, '');
  if (!text) return { ok: false, message: '账号不能为空' };
  if (!/^\d+$/.test(text)) return { ok: false, message: `账号只能是数字：${raw}` };
  if (text.length < 16 || text.length > 19)
    return { ok: false, message: `账号应为16至19位数字（银联卡号），现为${text.length}位` };
  if (!luhnValid(text)) return { ok: false, message: '账号校验位不符（Luhn），请核对卡号是否抄错' };
  return { ok: true, value: text };
}

/** Lists show only the last four digits: '**** **** **** 1234'. */
export const maskAccount = (last4: string): string => `**** **** **** ${last4}`;
