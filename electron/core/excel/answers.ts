import type BetterSqlite3 from 'better-sqlite3';
import { RuleSetSchema, type RuleSet } from '../../../shared/engine/ruleset';
import { CODE_SETS, choicesText } from '../../../shared/entry/codes';
import { fold } from '../../../shared/text/fold';
import { foldHeader } from './columns';
import { cellText, type Cell, type Parsed } from './values';

/**
 * The household list's answer columns: one per Phiếu B2 deprivation indicator and one per
 * Phiếu A screening item, as the round's rule set lists them (rule-set data: no second list here).
 * Written on the head's row; read back with the same header matching as the other columns.
 */
export interface AnswerColumn {
  /** "b2:water", "screening:A1". */
  key: string;
  form: 'b2' | 'screening';
  /** The indicator's or item's id (the key of answers.b2 / answers.screening). */
  id: string;
  /** The header the export writes: "B2.9 Nguồn nước sinh hoạt", "Phiếu A: Hộ có ô tô". */
  header: string;
  /** "Chỉ số B2.9 (Nguồn nước sinh hoạt)", for messages. */
  name: string;
  /** Folded header variants this column is found by. */
  variants: string[];
}

export function answerColumns(ruleSet: RuleSet | null): AnswerColumn[] {
  if (!ruleSet) return [];
  const out: AnswerColumn[] = [];
  for (const i of ruleSet.indicators.value ?? []) {
    const header = `B2.${i.number} ${i.label}`;
    const label = foldHeader(i.label);
    const n = String(i.number);
    out.push({
      key: `b2:${i.id}`,
      form: 'b2',
      id: i.id,
      header,
      name: `Chỉ số B2.${n} (${i.label})`,
      // Every variant names B2 or "chỉ số"/"thiếu hụt": a bare "Việc làm" stays the member's column.
      variants: [foldHeader(header), `b2 ${n}`, `phieu b2 ${n}`, `phieu b2 ${n} ${label}`, `b2 ${label}`, `chi so ${n}`, `chi so ${n} ${label}`, `chi so thieu hut ${n}`, `thieu hut ${label}`, `chi so ${label}`],
    });
  }
  for (const item of ruleSet.screening.value?.items ?? []) {
    const header = `Phiếu A: ${item.label}`;
    const label = foldHeader(item.label);
    const id = foldHeader(item.id);
    out.push({
      key: `screening:${item.id}`,
      form: 'screening',
      id: item.id,
      header,
      name: `Phiếu A, câu ${item.id} (${item.label})`,
      variants: [foldHeader(header), `phieu a ${id}`, `phieu a ${id} ${label}`, `${id} ${label}`, `pa ${label}`],
    });
  }
  return out;
}

/** Folded header → answer column. */
export function answerColumnIndex(columns: readonly AnswerColumn[]): Map<string, AnswerColumn> {
  const m = new Map<string, AnswerColumn>();
  for (const c of columns) for (const v of c.variants) if (!m.has(v)) m.set(v, c);
  return m;
}

/**
 * The rule set whose indicators and items the list carries: the one the caller loaded for the
 * round, else the newest snapshot of the round's rule set kept in the database (recorded when it
 * produced results), else none (the list then has no answer columns).
 */
export function ruleSetForList(sqlite: BetterSqlite3.Database, ruleSetId: string, given: RuleSet | null | undefined): RuleSet | null {
  if (given !== undefined) return given;
  const body = sqlite.prepare('SELECT body FROM rule_set_snapshots WHERE id = ? ORDER BY first_used_at DESC LIMIT 1').pluck().get(ruleSetId) as string | undefined;
  if (body === undefined) return null;
  const parsed = RuleSetSchema.safeParse(JSON.parse(body));
  return parsed.success ? parsed.data : null;
}

const DEPRIVED = ['thieu hut', 'co thieu hut', '1', 'x', 'co', 'c', 'true', 'v'];
const NOT_DEPRIVED = ['khong thieu hut', 'khong', '2', '0', 'k', 'false', '-'];
const YES = ['co', '1', 'x', 'c', 'dung', 'true', 'v', 'yes'];
const NO = ['khong', '2', '0', 'k', 'sai', 'false', '-', 'no'];

/** A B2 cell ("Thiếu hụt", 1 / "Không thiếu hụt", 2, as on the form) or a Phiếu A cell (Có, 1, x / Không, 2). */
export function parseAnswer(column: AnswerColumn, v: Cell): Parsed<boolean | null> {
  if (v === null) return { ok: true, value: null };
  if (typeof v === 'boolean') return { ok: true, value: v };
  const f = fold(cellText(v)).replace(/[^a-z0-9-]+/gu, ' ').trim();
  const [yes, no] = column.form === 'b2' ? [DEPRIVED, NOT_DEPRIVED] : [YES, NO];
  if (yes.includes(f)) return { ok: true, value: true };
  if (no.includes(f)) return { ok: true, value: false };
  const choices = column.form === 'b2' ? choicesText(CODE_SETS.deprived) : choicesText(CODE_SETS.yesNo);
  return { ok: false, error: `${column.name} không đọc được: "${cellText(v)}" (ghi ${choices}; để trống nếu chưa hỏi)` };
}

/** The text the export writes for an answer (null: left empty). */
export function answerText(column: AnswerColumn, v: boolean | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const set = column.form === 'b2' ? CODE_SETS.deprived : CODE_SETS.yesNo;
  return set.find((o) => o.value === v)!.label;
}
