import { maskIdNumber } from '../lib/idNumber.js';
import type { Sealer } from '../lib/sealing.js';

/**
 * ID numbers inside a report's payload are stored like the registry's: sealed, with a masked
 * copy for display. These walkers work on any payload shape: every `idNumber` key is sealed.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function sealPayload(sealer: Sealer, payload: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(payload)) {
    if (k === 'idNumber' && typeof v === 'string') {
      out.idNumberSealed = sealer.seal(v);
      out.idNumberMasked = maskIdNumber(v);
    } else out[k] = isObj(v) ? sealPayload(sealer, v) : v;
  }
  return out;
}

export function openPayload(sealer: Sealer, payload: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(payload)) {
    if (k === 'idNumberSealed' && typeof v === 'string') out.idNumber = sealer.open(v);
    else if (k !== 'idNumberMasked') out[k] = isObj(v) ? openPayload(sealer, v) : v;
  }
  return out;
}

/** What clients see: masked ID numbers only. */
export function maskedPayload(payload: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(payload)) {
    if (k !== 'idNumberSealed') out[k] = isObj(v) ? maskedPayload(v) : v;
  }
  return out;
}

/**
 * A village worker correcting a returned report sees ID numbers masked and need not retype
 * them: where the new payload has the object but no `idNumber`, the earlier number is kept.
 */
export function carryIdNumbers(previous: Obj, next: Obj): Obj {
  const out: Obj = { ...next };
  if (
    typeof previous.idNumber === 'string' &&
    !('idNumber' in next) &&
    !('idNumberMasked' in next && next.idNumberMasked === null)
  ) {
    out.idNumber = previous.idNumber;
  }
  delete out.idNumberMasked;
  for (const [k, v] of Object.entries(next)) {
    if (isObj(v) && isObj(previous[k])) out[k] = carryIdNumbers(previous[k] as Obj, v);
  }
  return out;
}
