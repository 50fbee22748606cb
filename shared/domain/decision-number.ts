import { fold } from '../text/fold';

/** The symbol printed after a commune's recognition decision number (Mẫu số 02): "Số: 45/QĐ-UBND". */
export const DECISION_SYMBOL = 'QĐ-UBND';

/**
 * The decision number as stored: the number alone ("45"). The officer may copy the whole
 * reference from the paper ("45/QĐ-UBND", "Số: 45/QĐ-UBND", "45/QD-UBND"): the printed symbol
 * is taken off, since the documents print "Số: 45/QĐ-UBND" themselves. Anything else (another
 * symbol, words) is refused with the reason, so that a decision never prints the symbol twice.
 */
export function decisionNumberAlone(text: string): { ok: true; value: string } | { ok: false; message: string } {
  const typed = text.normalize('NFC').trim();
  let rest = typed.replace(/^số\s*:?\s*/iu, '');
  const slash = rest.indexOf('/');
  if (slash >= 0 && fold(rest.slice(slash + 1)).replace(/\s+/gu, '') === fold(DECISION_SYMBOL)) rest = rest.slice(0, slash);
  rest = rest.trim();
  if (/^\d{1,6}$/u.test(rest)) return { ok: true, value: rest };
  if (rest === '') return { ok: false, message: 'Chưa ghi số quyết định.' };
  return { ok: false, message: `Số quyết định “${typed}”: chỉ ghi phần số (ví dụ 45); phần “/${DECISION_SYMBOL}” đã in sẵn sau số trên quyết định.` };
}

/** A recognition decision as cited in the documents: "45/QĐ-UBND" (the blank, dotted, when not yet numbered). */
export function decisionReference(number: string | null | undefined, blank: string): string {
  return `${number || blank}/${DECISION_SYMBOL}`;
}
