/**
 * How the app names a review round and an administrative unit to a user: one function each,
 * called by every screen, picker, document and workbook that names one (issue 14). Pure.
 */
import { defaultRoundTitle, type RoundKind } from './round-plan';
import { UNIT_TYPE_LABELS, unitFullName } from './units';

/** What naming a round needs of it (RoundSummary and the core's round rows both fit). */
export interface NamedRound {
  year: number;
  kind: RoundKind;
  referenceDate: string;
  /** The title the office gave the round; blank: the default title. */
  title?: string | null;
}

/** "Rà soát định kỳ năm 2026": the round's own title, or the default one (round-plan.ts). */
export function roundName(round: NamedRound): string {
  const title = round.title?.trim();
  return title ? title : defaultRoundTitle(round.year, round.kind, round.referenceDate);
}

/** What naming a unit needs of it. */
export interface NamedUnit {
  type: string;
  name: string;
}

/** "Xã Bình Mỹ", "Ấp Long Hoà": the type word and the name (units.ts: unitFullName). */
export function unitName(unit: NamedUnit): string {
  return unitFullName(unit.type, unit.name);
}

/**
 * The unit's name without its type word ("Bình Mỹ" for "Xã Bình Mỹ"): what a drop-down matches
 * typed letters against, since every commune starts with "Xã" and every village with "Ấp".
 */
export function unitBareName(unit: NamedUnit): string {
  const label = UNIT_TYPE_LABELS[unit.type];
  const name = unit.name.trim();
  return label && name.toLowerCase().startsWith(`${label.toLowerCase()} `) ? name.slice(label.length + 1).trim() : name;
}

/** The name inside a full name ("Bình Mỹ" for "Xã Bình Mỹ"), for a unit known only by its full name. */
export function bareOfFullName(fullName: string): string {
  const lower = fullName.toLowerCase();
  const label = Object.values(UNIT_TYPE_LABELS)
    .filter((l) => lower.startsWith(`${l.toLowerCase()} `))
    .sort((a, b) => b.length - a.length)[0];
  return label ? fullName.slice(label.length + 1).trim() : fullName;
}
