/**
 * Villages and residential groups (thôn, ấp, tổ dân phố, bản, buôn, khóm, khu phố…): the units
 * under a commune, which the national register does not list (issue 11). Their kinds, how a typed
 * name splits into kind and name, and when two names are the same village.
 *   thôn, ấp, bản, buôn… → village; tổ dân phố, khóm, khu phố → residential group (same level).
 */
import type { Area } from '../engine/ruleset';
import { fold } from '../text/fold';
import { cleanText } from '../text/normalize';

/** Each kind's code (stored in units.type), in the order the screens offer them. */
export const VILLAGE_TYPES = ['thon', 'ap', 'ban', 'buon', 'xom', 'lang', 'plei', 'bon', 'soc', 'to_dan_pho', 'khom', 'khu_pho', 'khu', 'to'] as const;
export type VillageType = (typeof VILLAGE_TYPES)[number];

/** Each kind's label, as printed before the name ("Ấp Bình Thạnh"). */
export const VILLAGE_TYPE_LABELS: Record<VillageType, string> = {
  thon: 'Thôn',
  ap: 'Ấp',
  ban: 'Bản',
  buon: 'Buôn',
  xom: 'Xóm',
  lang: 'Làng',
  plei: 'Plei',
  bon: 'Bon',
  soc: 'Sóc',
  to_dan_pho: 'Tổ dân phố',
  khom: 'Khóm',
  khu_pho: 'Khu phố',
  khu: 'Khu',
  to: 'Tổ',
};

export const isVillageType = (type: string): type is VillageType => Object.hasOwn(VILLAGE_TYPE_LABELS, type);

/** The longest label first, so that "Tổ dân phố 3" is a tổ dân phố (not a tổ named "dân phố 3"). */
const BY_LENGTH = [...VILLAGE_TYPES].sort((a, b) => VILLAGE_TYPE_LABELS[b].length - VILLAGE_TYPE_LABELS[a].length);

/**
 * A village's code: its commune's code and a two-digit number, "30487-01" (villages have no
 * national code). Which number is free is electron/core/units/villages.ts's villageCodes.
 */
export function villageCodeOf(communeCode: string, n: number): string {
  return `${communeCode}-${String(n).padStart(2, '0')}`;
}

/** "Ấp Bình Thạnh" (the label printed before the name). */
export function villageFullName(type: string, name: string): string {
  return isVillageType(type) ? `${VILLAGE_TYPE_LABELS[type]} ${name}` : name;
}

/** The kind a label names ("ấp", "Ap", "TỔ DÂN PHỐ", or the code "to_dan_pho"), or null. */
export function villageTypeOf(label: string): VillageType | null {
  const key = fold(label).replace(/[_-]+/gu, ' ');
  for (const type of VILLAGE_TYPES) {
    if (fold(VILLAGE_TYPE_LABELS[type]) === key || type.replace(/_/gu, ' ') === key) return type;
  }
  return null;
}

/**
 * Splits a typed name into its kind and its name: "Ấp Bình Thạnh" → ấp, "Bình Thạnh"; a name
 * without a kind in front ("Bình Thạnh") takes `fallback`. The kind is recognised with or without
 * diacritics ("Ap Binh Thanh"), but only as a whole word followed by a name.
 */
export function splitVillageName(text: string, fallback: VillageType): { type: VillageType; name: string } {
  const clean = cleanText(text);
  const lower = clean.toLowerCase();
  for (const type of BY_LENGTH) {
    const label = VILLAGE_TYPE_LABELS[type];
    const n = label.length;
    const head = lower.slice(0, n);
    // The label as written, or written without any diacritics ("ap", "to dan pho").
    const matches = head === label.toLowerCase() || head === fold(label);
    if (matches && clean.length > n + 1 && clean[n] === ' ') return { type, name: clean.slice(n + 1) };
  }
  return { type: fallback, name: clean };
}

/**
 * When two villages of a commune are the same: their names without the kind, in lower case, with
 * diacritics (Bình Thành is not Bình Thạnh) but the tone mark's old and new placement alike
 * ("Hoà" = "Hòa"). The kind does not count: "Ấp Bình Thạnh" and "Thôn Bình Thạnh" would be the
 * same name on a household list.
 */
export function villageNameKey(name: string): string {
  return moveToneMarks(cleanText(name).toLowerCase());
}

/**
 * The same key for a name as typed on a list or a sheet, which may carry its kind ("Ấp Mỹ Hoà",
 * "Ap Binh Thanh", "Tổ dân phố 3"): the kind is split off (splitVillageName), then villageNameKey.
 * The one matching rule of the Excel import and of last year's lists on the old map.
 */
export function villageTextKey(text: string): string {
  return villageNameKey(splitVillageName(text, 'thon').name);
}

/**
 * One placement of the tone mark in oa, oe, uy ("hoà" for "hòa", "thuỷ" for "thủy"): both are
 * written, the register itself changed from one to the other. Only the five tone marks move,
 * never a vowel's own mark (ư in "mưa" stays).
 */
function moveToneMarks(text: string): string {
  return text
    .normalize('NFD')
    .replace(/([ou])([\u0300\u0301\u0303\u0309\u0323])([aey])/gu, '$1$3$2')
    .normalize('NFC');
}

/** The area a cell or a word names: "Nông thôn" / "Thành thị" (with or without diacritics), or null. */
export function areaOfLabel(text: string): Area | null {
  const key = fold(text);
  if (key === 'nong thon' || key === 'rural') return 'rural';
  if (key === 'thanh thi' || key === 'urban') return 'urban';
  return null;
}
