import type { Parsed } from './dates';

/**
 * A number keyed on a form: digits, with "," or "." as the decimal mark when decimals are
 * allowed. Letters, a minus sign or a value out of range are refused with a Vietnamese message.
 */
export function parseNumberInput(
  text: string,
  label: string,
  options: { integer?: boolean; min?: number; max?: number } = {},
): Parsed<number | null> {
  const t = text.trim().replace(/\s/gu, '');
  if (t === '') return { ok: true, value: null };
  if (t.startsWith('-')) return { ok: false, message: `${label} không được âm.` };
  const pattern = options.integer ? /^\d+$/u : /^\d+([.,]\d+)?$/u;
  if (!pattern.test(t)) {
    return { ok: false, message: `${label} chỉ gồm chữ số${options.integer ? '' : ' (dấu phẩy cho phần thập phân)'}; "${t}" có ký tự không phải số.` };
  }
  const value = Number(t.replace(',', '.'));
  const min = options.min ?? 0;
  if (value < min) return { ok: false, message: `${label} phải từ ${min} trở lên.` };
  if (options.max !== undefined && value > options.max) return { ok: false, message: `${label} không được lớn hơn ${options.max}.` };
  return { ok: true, value };
}
