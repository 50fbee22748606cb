import { CAUSE_LABELS, CAUSES, causeOfCode, orderedCauses, type Cause } from '../../../shared/domain/causes';
import {
  EDUCATION,
  EDUCATION_LABELS,
  EMPLOYMENT,
  EMPLOYMENT_LABELS,
  NUTRITION,
  NUTRITION_LABELS,
  RELATIONS,
  SCHOOLING,
  SCHOOLING_LABELS,
  type Member,
} from '../../../shared/domain/household';
import { fold } from '../../../shared/text/fold';
import { cleanText, hasInvisible } from '../../../shared/text/normalize';

/** A cell's value as exceljs gives it, reduced to text, number, date or nothing. */
export type Cell = string | number | boolean | Date | null;

const TIDY_ASCII = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/u;

type CellObject = { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown; formula?: unknown; sharedFormula?: unknown };
const isFormula = (o: CellObject): boolean => 'formula' in o || 'sharedFormula' in o;

/**
 * exceljs values: rich text, formulas (their computed result), hyperlinks → a plain value. An
 * Excel error (#REF!, #VALUE!…), a formula never computed, or anything else unreadable gives
 * nothing (null), never a made-up text: cellFault says what it was, and the import reports it.
 */
export function plainValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    // Most cells are short and tidy already: skip the normalising then.
    if (v !== '' && TIDY_ASCII.test(v)) return v;
    const t = cleanText(v);
    return t === '' ? null : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as CellObject;
    if (Array.isArray(o.richText)) return plainValue(o.richText.map((r) => r.text).join(''));
    if ('error' in o) return null;
    if (isFormula(o) || 'result' in o) return o.result !== null && typeof o.result === 'object' && !(o.result instanceof Date) ? null : plainValue(o.result);
    if ('text' in o) return plainValue(o.text);
    return null;
  }
  return plainValue(String(v));
}

/** What is wrong with a cell that gives no value, and how the officer fixes it. */
export interface CellFault {
  /** "Ô báo lỗi #REF! của Excel". */
  what: string;
  /** "sửa ô (…) rồi nhập lại". */
  fix: string;
}

const ERROR_FIX = 'sửa ô (sửa công thức hoặc gõ giá trị vào ô) rồi nhập lại';
const FORMULA_FIX = 'sửa ô (gõ giá trị vào ô), hoặc mở tệp bằng Excel và lưu lại để Excel tính công thức, rồi nhập lại';
const errorFault = (code: unknown): CellFault => ({ what: `Ô báo lỗi ${typeof code === 'string' && code.length <= 20 ? code : '#?'} của Excel`, fix: ERROR_FIX });

/**
 * Why a cell has no value though it is not empty: an Excel error (#REF!, #VALUE!, #N/A…), a
 * formula with no computed value (a file saved by a program that does not calculate), or a value
 * that cannot be read. null: the cell is fine (empty cells too).
 */
export function cellFault(v: unknown): CellFault | null {
  if (v === null || typeof v !== 'object' || v instanceof Date) return null;
  const o = v as CellObject;
  if (Array.isArray(o.richText)) return null;
  if ('error' in o) return errorFault(o.error);
  if (isFormula(o) || 'result' in o) {
    const r = o.result;
    if (r === undefined) {
      const f = typeof o.formula === 'string' && o.formula ? o.formula : typeof o.sharedFormula === 'string' ? o.sharedFormula : '';
      return { what: `Ô có công thức chưa được tính${f ? ` (=${f.length > 40 ? `${f.slice(0, 39)}…` : f})` : ''}`, fix: FORMULA_FIX };
    }
    if (r !== null && typeof r === 'object' && !(r instanceof Date)) return 'error' in r ? errorFault((r as CellObject).error) : { what: 'Ô có kết quả công thức không đọc được', fix: ERROR_FIX };
    return null;
  }
  if ('text' in o) return null;
  return { what: 'Ô có giá trị không đọc được', fix: ERROR_FIX };
}

/** True when the cell's text had characters cleanText removes (zero-width, bidi controls): the import says so. */
export function cellHadInvisible(v: unknown): boolean {
  if (typeof v === 'string') return !TIDY_ASCII.test(v) && hasInvisible(v);
  if (v === null || typeof v !== 'object' || v instanceof Date) return false;
  const o = v as CellObject;
  if (Array.isArray(o.richText)) return o.richText.some((r) => typeof r.text === 'string' && hasInvisible(r.text));
  if ('result' in o) return cellHadInvisible(o.result);
  if ('text' in o) return cellHadInvisible(o.text);
  return false;
}

const interned = new Map<string, string>();
/**
 * A string kept past its row (names, codes): the XML parser hands out slices of its 16–64 KB
 * chunks, and one kept slice keeps its whole chunk alive: a 250,000-row sheet would stay in
 * memory. Short repeated texts (ethnic groups, villages) are shared; the rest are copied.
 */
export function own(s: string): string {
  if (s.length < 13) return s; // V8 copies short substrings anyway
  if (s.length <= 40) {
    const hit = interned.get(s);
    if (hit !== undefined) return hit;
  }
  const copy = Buffer.from(s, 'utf8').toString('utf8');
  if (copy.length <= 40 && interned.size < 20_000) interned.set(copy, copy);
  return copy;
}

/** Text of a cell: numbers without exponent or trailing ".0". */
export function cellText(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** Parsers of coded cells (sex, relation, labels) see the same few texts over and over: memoised by text. */
function memoText<T>(parse: (v: Cell) => Parsed<T>): (v: Cell) => Parsed<T> {
  const cache = new Map<string, Parsed<T>>();
  return (v) => {
    if (typeof v !== 'string') return parse(v);
    let r = cache.get(v);
    if (r === undefined) {
      r = parse(v);
      if (cache.size < 10_000) cache.set(v, r);
    }
    return r;
  };
}

export type Parsed<T> = { ok: true; value: T; warning?: string } | { ok: false; error: string };
const ok = <T>(value: T, warning?: string): Parsed<T> => (warning ? { ok: true, value, warning } : { ok: true, value });
const bad = <T>(error: string): Parsed<T> => ({ ok: false, error });

const pad2 = (n: number): string => String(n).padStart(2, '0');
function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1890 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Excel's day 0 is 1899-12-30 (the 1900 leap-year bug included). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A date of birth: a real date, an Excel serial number, or text "15/3/1985", "15-03-1985",
 * "15.03.1985", "1985-03-15", "3/1985", or a bare year "1985" (kept as the year alone).
 */
export function parseBirthDate(v: Cell): Parsed<string | null> {
  if (v === null) return ok(null);
  if (v instanceof Date) {
    // exceljs gives dates as UTC midnight; a time part from a local-time writer rounds to the day.
    const t = new Date(v.getTime() + 12 * 3600_000);
    const iso = isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
    return iso ? ok(iso) : bad(`Ngày sinh không hợp lệ: ${cellText(v)}`);
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 1890 && v <= 2100) return ok(String(v));
    if (v > 0 && v < 80_000) {
      const d = new Date(EXCEL_EPOCH + Math.round(v) * 86_400_000);
      const iso = isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
      if (iso) return ok(iso);
    }
    return bad(`Ngày sinh không hợp lệ: ${cellText(v)}`);
  }
  const s = cellText(v).replace(/\s+/gu, '');
  let m = /^(\d{4})$/u.exec(s);
  if (m) {
    const y = Number(m[1]);
    return y >= 1890 && y <= 2100 ? ok(String(y)) : bad(`Năm sinh không hợp lệ: ${s}`);
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/u.exec(s);
  if (m) {
    const iso = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
    return iso ? ok(iso) : bad(`Ngày sinh không hợp lệ: ${s} (cần ngày/tháng/năm)`);
  }
  m = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/u.exec(s);
  if (m) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? ok(iso) : bad(`Ngày sinh không hợp lệ: ${s}`);
  }
  m = /^(\d{1,2})[/.-](\d{4})$/u.exec(s);
  if (m) {
    const y = Number(m[2]);
    if (y >= 1890 && y <= 2100 && Number(m[1]) >= 1 && Number(m[1]) <= 12) return ok(String(y), `Chỉ có tháng/năm sinh "${s}": ghi năm ${y}`);
  }
  if (/^\d+(\.\d+)?$/u.test(s)) return parseBirthDate(Number(s));
  return bad(`Ngày sinh không đọc được: "${s}" (ghi ngày/tháng/năm, ví dụ 15/3/1985, hoặc năm sinh)`);
}

/** A decision date and the like: same forms, but always a full date. */
export function parseDate(v: Cell): Parsed<string | null> {
  const r = parseBirthDate(v);
  if (r.ok && r.value && r.value.length === 4) return bad(`Ngày không đầy đủ: ${r.value}`);
  return r;
}

export const parseSex = memoText(function parseSex(v: Cell): Parsed<Member['sex'] | null> {
  if (v === null) return ok(null);
  const f = fold(cellText(v)).trim();
  if (['nam', '1', 'm', 'male', 'trai'].includes(f)) return ok('male');
  if (['nu', '2', '0', 'f', 'female', 'gai'].includes(f)) return ok('female');
  return bad(`Giới tính không đọc được: "${cellText(v)}" (ghi Nam hoặc Nữ)`);
});

const RELATION_WORDS: [RegExp, Member['relation']][] = [
  [/^(chu ho|ch|chu)$/u, 'head'],
  [/^(vo|chong|vo chong|vo\/chong|v\/c)$/u, 'spouse'],
  [/^(con|con de|con nuoi|con trai|con gai|con ruot|con rieng)$/u, 'child'],
  [/^(bo|me|cha|bo me|bo\/me|cha me|cha\/me|bo de|me de|bo vo|me vo|bo chong|me chong)$/u, 'parent'],
  [/^(chau|chau noi|chau ngoai|chau ruot)$/u, 'grandchild'],
  [/^(anh|chi|em|anh\/chi\/em|anh chi em|anh ruot|chi ruot|em ruot|anh trai|chi gai|em trai|em gai)$/u, 'sibling'],
  [/^(khac|quan he khac|ong|ba|ong noi|ba noi|ong ngoai|ba ngoai|con dau|con re|chat|co|di|chu|bac|cau|mo|thim|o nho|o ghep)$/u, 'other'],
];
const RELATION_CODES: Record<string, Member['relation']> = Object.fromEntries(RELATIONS.map((r, i) => [String(i + 1), r]));

export const parseRelation = memoText(function parseRelation(v: Cell): Parsed<Member['relation'] | null> {
  if (v === null) return ok(null);
  const text = cellText(v);
  const f = fold(text).replace(/\s*\/\s*/gu, '/').replace(/\s+/gu, ' ').trim();
  if (RELATION_CODES[f]) return ok(RELATION_CODES[f]);
  for (const [re, rel] of RELATION_WORDS) if (re.test(f)) return ok(rel);
  return ok('other', `Quan hệ với chủ hộ "${text}" không có trong danh sách: ghi là Khác`);
});

/**
 * An ID number: digits only (spaces, dots and a leading apostrophe dropped); 11 digits are a
 * 12-digit number that lost its leading zero in a number cell; 9 digits are an old ID card (CMND).
 */
export function parseIdNumber(v: Cell): Parsed<string | null> {
  if (v === null) return ok(null);
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) return bad(`Số định danh không hợp lệ: ${String(v)}`);
    s = BigInt(v).toString();
  } else s = cellText(v).replace(/^'/u, '').replace(/[\s.-]/gu, '');
  if (!/^\d+$/u.test(s)) return bad(`Số định danh chỉ gồm chữ số: "${cellText(v)}"`);
  if (s.length === 12) return ok(s);
  if (s.length === 11) return ok(`0${s}`);
  if (s.length === 9) return ok(s, `Số CMND cũ (9 số): ${s}`);
  if (s.length === 8) return ok(`0${s}`, `Số CMND cũ (9 số, mất số 0 đầu): 0${s}`);
  return ok(s, `Số định danh có ${s.length} chữ số (cần 12): ${s}`);
}

/** A yes/no cell: x, có, 1, đúng → true; không, 0, sai → false; empty → null. */
export const parseFlag = memoText(function parseFlag(v: Cell): Parsed<boolean | null> {
  if (v === null) return ok(null);
  if (typeof v === 'boolean') return ok(v);
  const f = fold(cellText(v)).trim();
  if (['x', 'co', '1', 'dung', 'yes', 'true', 'v', 'c'].includes(f)) return ok(true);
  if (['khong', '0', 'sai', 'no', 'false', 'k', '-'].includes(f)) return ok(false);
  return bad(`Không đọc được "${cellText(v)}" (ghi Có/Không hoặc x)`);
});

export function parseNumber(v: Cell): Parsed<number | null> {
  if (v === null) return ok(null);
  if (typeof v === 'number') return ok(v);
  const s = cellText(v).replace(/\s/gu, '');
  // "1.234,5" (Vietnamese) or "1234.5".
  const t = /,\d{1,2}$/u.test(s) ? s.replace(/\./gu, '').replace(',', '.') : s.replace(/,/gu, '');
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? ok(n) : bad(`Không phải số: "${cellText(v)}"`);
}

export const parseArea = memoText(function parseArea(v: Cell): Parsed<'rural' | 'urban' | null> {
  if (v === null) return ok(null);
  const f = fold(cellText(v)).trim();
  if (['nong thon', 'nt', 'rural', '2'].includes(f)) return ok('rural');
  if (['thanh thi', 'tt', 'urban', '1', 'do thi'].includes(f)) return ok('urban');
  return bad(`Khu vực không đọc được: "${cellText(v)}" (ghi Nông thôn hoặc Thành thị)`);
});

function labelParser<T extends string>(codes: readonly T[], labels: Record<T, string>, what: string): (v: Cell) => Parsed<T | null> {
  const byFold = new Map<string, T>();
  for (const c of codes) {
    byFold.set(fold(labels[c]).trim(), c);
    byFold.set(c, c);
  }
  return memoText((v) => {
    if (v === null) return ok(null);
    const f = fold(cellText(v)).trim();
    const hit = byFold.get(f);
    return hit ? ok(hit) : bad(`${what} không có trong danh sách: "${cellText(v)}"`);
  });
}
export const parseSchooling = labelParser(SCHOOLING, SCHOOLING_LABELS, 'Tình trạng đi học');
export const parseEducation = labelParser(EDUCATION, EDUCATION_LABELS, 'Trình độ học vấn');
export const parseEmployment = labelParser(EMPLOYMENT, EMPLOYMENT_LABELS, 'Việc làm');
export const parseNutrition = labelParser(NUTRITION, NUTRITION_LABELS, 'Dinh dưỡng');

/** Folded names a cause is written by, besides its label: shortened labels, the reports' older wording. */
const CAUSE_WORDS: Record<Cause, string[]> = {
  land: ['thieu dat', 'dat san xuat'],
  capital: ['von', 'thieu von san xuat'],
  labour: ['lao dong', 'thieu nguoi lao dong'],
  tools: ['thieu cong cu', 'thieu phuong tien san xuat', 'cong cu san xuat'],
  knowledge: ['thieu kien thuc', 'kien thuc san xuat', 'thieu kien thuc lam an'],
  skills: ['thieu ky nang', 'ky nang lao dong', 'thieu tay nghe'],
  illness: ['om dau', 'tai nan', 'om dau benh nang', 'om dau tai nan benh nang', 'co nguoi om dau', 'benh nang'],
  other: ['nguyen nhan khac'],
};
const CAUSE_BY_WORD = new Map<string, Cause>();
for (const c of CAUSES) for (const w of [fold(CAUSE_LABELS[c]).replace(/[^a-z0-9]+/gu, ' ').trim(), c, ...CAUSE_WORDS[c]]) CAUSE_BY_WORD.set(w, c);
const causeWord = (text: string): Cause | undefined =>
  CAUSE_BY_WORD.get(
    fold(text)
      .replace(/^\s*\d+\s*[.):-]\s*(?=\D)/u, '') // "1. Thiếu đất sản xuất", "7) Ốm đau"
      .replace(/[^a-z0-9]+/gu, ' ')
      .trim(),
  );

/**
 * Causes of poverty in one cell: their numbers ("1;3", "1, 3") or names ("Thiếu vốn; Ốm đau, tai
 * nạn"), several separated by semicolons or new lines (commas too where that leaves no doubt:
 * "Ốm đau, tai nạn" is one cause). Empty: none.
 */
export const parseCauses = memoText(function parseCauses(v: Cell): Parsed<Cause[] | null> {
  if (v === null) return ok(null);
  const hint = `(ghi số 1–${CAUSES.length} hoặc tên nguyên nhân, nhiều nguyên nhân cách nhau bằng dấu ;)`;
  if (typeof v === 'number') {
    const c = causeOfCode(v);
    return c ? ok([c]) : bad(`Nguyên nhân nghèo không có trong danh mục: ${cellText(v)} ${hint}`);
  }
  const found: Cause[] = [];
  for (const part of cellText(v).split(/[;\n]+/u).map((x) => x.trim()).filter(Boolean)) {
    if (/^\d+(\s*[,.\s]\s*\d+)*$/u.test(part)) {
      for (const n of part.split(/[,.\s]+/u)) {
        const c = causeOfCode(Number(n));
        if (!c) return bad(`Nguyên nhân nghèo không có trong danh mục: số ${n} ${hint}`);
        found.push(c);
      }
      continue;
    }
    const whole = causeWord(part);
    if (whole) {
      found.push(whole);
      continue;
    }
    // Names separated by commas: the longest run of pieces that names a cause, piece by piece.
    const pieces = part.split(',').map((x) => x.trim());
    for (let i = 0; i < pieces.length; ) {
      let j = pieces.length;
      let c: Cause | undefined;
      for (; j > i && !(c = causeWord(pieces.slice(i, j).join(', '))); j--);
      if (!c) return bad(`Nguyên nhân nghèo không có trong danh mục: "${pieces[i]}" ${hint}`);
      found.push(c);
      i = j;
    }
  }
  return ok(orderedCauses(found));
});

/** Causes as the household list writes them: their names, separated by semicolons. */
export function causesText(causes: readonly Cause[]): string {
  return orderedCauses(causes)
    .map((c) => CAUSE_LABELS[c])
    .join('; ');
}

/** Birth date as the list shows it: "15/03/1985" or "1985". */
export function birthDateText(iso: string | null): string {
  if (!iso) return '';
  if (iso.length === 4) return iso;
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
