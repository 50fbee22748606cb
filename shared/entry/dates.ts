/**
 * Dates as officers key them from the paper: "15031985", "15/03/1985", "15-3-1985", or a bare
 * year "1985" when the form gives only the year. Stored as ISO ("1985-03-15") or "1985".
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** True for a real calendar date in ISO form (2023-02-29 is not one). */
export function isRealIsoDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1880 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
}

/** Parses a keyed date; an empty entry is null. `allowYear` accepts "1985" alone (birth dates). */
export function parseDateInput(text: string, options: { allowYear?: boolean } = {}): Parsed<string | null> {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  let d: number, mo: number, y: number;
  const compact = /^(\d{2})(\d{2})(\d{4})$/u.exec(t);
  const separated = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/u.exec(t);
  if (/^\d{4}$/u.test(t) && options.allowYear) {
    const year = Number(t);
    if (year < 1880 || year > 2100) return { ok: false, message: `Năm ${t} không hợp lệ.` };
    return { ok: true, value: t };
  }
  if (compact) [d, mo, y] = [Number(compact[1]), Number(compact[2]), Number(compact[3])];
  else if (separated) [d, mo, y] = [Number(separated[1]), Number(separated[2]), Number(separated[3])];
  else {
    return {
      ok: false,
      message: `"${t}" không phải ngày. Gõ ngày tháng năm liền nhau (15031985) hoặc có dấu gạch (15/03/1985)${options.allowYear ? ', hoặc chỉ năm (1985)' : ''}.`,
    };
  }
  if (mo < 1 || mo > 12) return { ok: false, message: `Tháng ${mo} không có (chỉ từ 1 đến 12).` };
  if (y < 1880 || y > 2100) return { ok: false, message: `Năm ${y} không hợp lệ.` };
  if (d < 1 || d > daysIn(y, mo)) return { ok: false, message: `Ngày ${d}/${mo}/${y} không có: tháng ${mo} năm ${y} chỉ có ${daysIn(y, mo)} ngày.` };
  return { ok: true, value: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** "1985-03-15" → "15/03/1985"; "1985" → "1985"; null → "". */
export function formatDateInput(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}
