import type BetterSqlite3 from 'better-sqlite3';
import { writeFileAtomic } from '../write-atomic';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  B1_WORDS,
  type PublishedChangedHousehold,
  type PublishedCounts,
  type PublishedCurrentView,
  type PublishedPreview,
  type PublishedValues,
  type publishedInputs,
} from '../../../shared/api/published';
import type { B1PointTable } from '../../../shared/engine/b1';
import { changeLabel, ruleSetDiff, type RuleSetChange } from '../../../shared/engine/ruleset-diff';
import { RuleSetSchema, STATUSES, type RuleSet, type Status } from '../../../shared/engine/ruleset';
import { STATUS_LABELS } from '../../../shared/glossary';
import { cleanText } from '../../../shared/text/normalize';
import { writeAudit } from '../db/audit';
import { answerInputOf, evaluate, historyOf, STORED_B1_COLUMNS, storedScoreA, type StoredAnswerRow, type StoredB1Row } from '../entry/classify-one';
import { AppError } from '../errors';
import { getRound } from '../rounds/rounds';
import { recordLoadedInApp } from './confirm';
import { ruleSetDirs, type RuleSetRegistry } from './load';

/**
 * Published values entered on a screen (issue 15 item 3): an administrator types the values a
 * ministry or a province publishes, each with its document; the app makes a new version of the
 * rule set (validated by the rule-set schema, like a loaded file), shows what changes and how a
 * sample of households would be classified before and after, and on saving writes the
 * administrator's copy in the data folder's standards/ and records that action as its
 * confirmation (rulesets/confirm.ts), like a table loaded from Excel. Results name the version
 * that produced them (rule_set_snapshots): older results keep the older version.
 */

export type PublishedInput = z.output<(typeof publishedInputs)['published.preview']>;

/** How many households of the latest round the before/after runs on. */
export const SAMPLE_SIZE = 200;

/** What the spec says of the posting while no document is entered (spec/review-process.md step 4). */
const POSTING_UNKNOWN = 'Chưa có văn bản: quy trình rà soát ghi niêm yết 3 ngày làm việc (cần đối chiếu văn bản).';

/** The rule set's published values as they are now. */
export function currentPublished(rs: RuleSet): PublishedCurrentView {
  const view = <T>(p: { value: unknown; status: 'confirmed' | 'to_verify' | 'unknown'; provenance: { document: string; date?: string | undefined } }, value: T | null) => ({
    value,
    status: p.status,
    document: p.provenance.document,
    date: p.provenance.date ?? null,
  });
  return {
    id: rs.id,
    version: rs.version,
    title: rs.title,
    areaLabels: rs.areaLabels,
    scoreA: view(rs.scoreA, rs.scoreA.value?.cutoff ?? null),
    middleIncome: view(rs.middleIncome, rs.middleIncome.value),
    postingDays: rs.postingDays
      ? view(rs.postingDays, rs.postingDays.value?.workingDays ?? null)
      : { value: null, status: 'unknown', document: POSTING_UNKNOWN, date: null },
    // The whole table: the screen shows it like the paper table and edits its points.
    b1PointTable: view(rs.b1PointTable, rs.b1PointTable.value ? structuredClone(rs.b1PointTable.value) : null),
    screening: view(rs.screening, rs.screening.value ? { items: rs.screening.value.items.length } : null),
  };
}

/**
 * A place in the B1 point table in words, by the names of the paper table: "Bảng điểm Phiếu B1 —
 * câu «Hộ có xe máy» — phương án «Có» — Nông thôn". `segments` follow "b1PointTable.value": ids
 * in brackets (the change list's paths: items[B1.3]) or indexes (the schema's issue paths);
 * names are looked up in the tables given, the first that has them.
 */
function b1Words(tables: readonly B1PointTable[], segments: readonly string[]): string {
  const find = <T extends { id: string }>(lists: readonly (readonly T[])[], key: string): T | undefined => {
    for (const list of lists) {
      const hit = list.find((x) => x.id === key) ?? (/^\d+$/u.test(key) ? list[Number(key)] : undefined);
      if (hit) return hit;
    }
    return undefined;
  };
  const region = (key: string): string => find(tables.map((t) => t.regions), key)?.label ?? key;
  const words: string[] = [B1_WORDS.table];
  let rest = [...segments];
  const [first, second] = rest;
  if (first === 'base') {
    words.push(B1_WORDS.base);
    if (second !== undefined) words.push(region(second));
    rest = rest.slice(second !== undefined ? 2 : 1);
  } else if (first === 'regions' && second !== undefined) {
    words.push(B1_WORDS.region(region(second)));
    rest = rest.slice(2);
  } else if (first === 'items' && second !== undefined) {
    const item = find(tables.map((t) => t.items), second);
    words.push(B1_WORDS.item(item?.label ?? second));
    rest = rest.slice(2);
    if (rest[0] === 'options' && rest[1] !== undefined) {
      const option = find(tables.map((t) => t.items.find((i) => i === item || i.id === item?.id)?.options ?? []), rest[1]);
      words.push(B1_WORDS.option(option?.label ?? rest[1]));
      rest = rest.slice(2);
      if (rest[0] === 'points') {
        words.push(rest[1] !== undefined ? region(rest[1]) : 'điểm');
        rest = rest.slice(2);
      }
    }
  }
  if (rest.length > 0) words.push(changeLabel(rest.join('.')));
  return words.join(B1_WORDS.join);
}

/** A change's path split as b1Words wants it ("items[B1.3].options[1].points.rural" → items, B1.3, options, 1, points, rural); null outside the table. */
function b1Segments(changePath: string): string[] | null {
  const prefix = 'b1PointTable.value.';
  if (!changePath.startsWith(prefix)) return null;
  return changePath
    .slice(prefix.length)
    .split(/\.(?![^[]*\])/u)
    .flatMap((seg) => {
      const m = /^([^[]*)\[(.*)\]$/u.exec(seg);
      return m ? [m[1]!, m[2]!] : [seg];
    });
}

/** The changes with the B1 table's cells named as on the paper table (the generic words elsewhere). */
function namedChanges(changes: RuleSetChange[], before: RuleSet, after: RuleSet): RuleSetChange[] {
  const tables = [before.b1PointTable.value, after.b1PointTable.value].filter((t): t is B1PointTable => t !== null);
  return changes.map((c) => {
    const segments = b1Segments(c.path);
    return segments && segments.length > 0 ? { ...c, label: b1Words(tables, segments) } : c;
  });
}

/** The field of the screen a path of the rule set is typed in, in words ("Ngưỡng điểm A — nông thôn"). */
function fieldLabel(rs: RuleSet, at: (string | number)[], typed?: PublishedValues): string {
  const area = (k: unknown): string => (k === 'rural' || k === 'urban' ? rs.areaLabels[k] : String(k));
  if (at[0] === 'b1PointTable' && at[1] === 'value' && at.length > 2) {
    const tables = [typed?.b1PointTable, rs.b1PointTable.value].filter((t): t is B1PointTable => Boolean(t));
    return b1Words(tables, at.slice(2).map(String));
  }
  if (at[0] === 'scoreA' && at[2] === 'cutoff') return `Ngưỡng điểm A (Phiếu B1) — ${area(at[3])}`;
  if (at[0] === 'middleIncome' && at.length >= 4) return `Khoảng thu nhập hộ có mức sống trung bình — ${area(at[2])} — ${at[3] === 'above' ? 'trên' : 'đến'}`;
  if (at[0] === 'postingDays') return 'Số ngày niêm yết (ngày làm việc)';
  return changeLabel(at.map(String).join('.'));
}

/** A schema issue in plain Vietnamese: what is wrong with the value. */
function issueWords(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small') return `phải ${issue.inclusive ? 'từ' : 'lớn hơn'} ${String(issue.minimum)}${issue.inclusive ? ' trở lên' : ''}`;
  if (issue.code === 'too_big') return `không được quá ${String(issue.maximum)}`;
  if (issue.code === 'invalid_type') return issue.expected === 'int' ? 'phải là số nguyên' : 'thiếu hoặc sai kiểu';
  return issue.message;
}

/** The next version for values published on `date`: "<version without suffix>+<yyyymmdd>.<n>". */
function nextVersion(sqlite: BetterSqlite3.Database, base: RuleSet, date: string): string {
  const root = base.version.split('+')[0]!;
  const prefix = `${root}+${date.replace(/-/gu, '')}.`;
  const used = [
    base.version,
    ...(sqlite.prepare('SELECT version FROM rule_set_confirmations WHERE rule_set_id = ?').pluck().all(base.id) as string[]),
    ...(sqlite.prepare('SELECT version FROM rule_set_snapshots WHERE id = ?').pluck().all(base.id) as string[]),
  ];
  const n = used.filter((v) => v.startsWith(prefix)).map((v) => Number(v.slice(prefix.length).split('+')[0]));
  return `${prefix}${Math.max(0, ...n.filter(Number.isFinite)) + 1}`;
}

const hasValue = (v: PublishedValues): boolean => Object.values(v).some((x) => x !== undefined);

/**
 * The new version of `base` with the values given, each part with its document (status
 * confirmed), validated by the rule-set schema. A value that does not fit is refused with the
 * field named; nothing is written.
 */
export function buildPublished(sqlite: BetterSqlite3.Database, base: RuleSet, input: PublishedInput, actor: string): RuleSet {
  const v = input.values;
  if (!hasValue(v)) throw new AppError('INVALID_INPUT', 'Chưa nhập giá trị công bố nào: hãy nhập ít nhất một giá trị rồi xem trước.');
  const number = cleanText(input.document.number);
  const issuer = input.document.issuer ? cleanText(input.document.issuer) : '';
  const provenance = {
    document: issuer ? `${number} (${issuer})` : number,
    date: input.document.date,
    by: cleanText(actor),
    note: 'Nhập trên màn hình Giá trị công bố',
  };
  const part = <T>(value: T) => ({ status: 'confirmed' as const, provenance, value });
  const problems: { path: string; message: string }[] = [];
  // The band's order is not a matter of the schema: said here, by field.
  for (const area of ['rural', 'urban'] as const) {
    const band = v.middleIncome?.[area];
    if (band && band.above < 0) problems.push({ path: `middleIncome.value.${area}.above`, message: `${fieldLabel(base, ['middleIncome', 'value', area, 'above'])}: phải từ 0 trở lên` });
    if (band && band.atMost <= band.above) {
      problems.push({ path: `middleIncome.value.${area}.atMost`, message: `${fieldLabel(base, ['middleIncome', 'value', area, 'atMost'])}: phải lớn hơn mức "trên" (${band.above})` });
    }
  }
  const candidate = {
    ...base,
    version: nextVersion(sqlite, base, input.document.date),
    ...(v.scoreA ? { scoreA: part({ cutoff: v.scoreA }) } : {}),
    ...(v.middleIncome ? { middleIncome: part(v.middleIncome) } : {}),
    ...(v.postingDays !== undefined ? { postingDays: part({ workingDays: v.postingDays }) } : {}),
    ...(v.b1PointTable ? { b1PointTable: part(v.b1PointTable) } : {}),
    ...(v.screening ? { screening: part(v.screening) } : {}),
  };
  const parsed = RuleSetSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push({ path: i.path.map(String).join('.'), message: `${fieldLabel(base, i.path as (string | number)[], v)}: ${issueWords(i)}` });
  }
  if (problems.length > 0 || !parsed.success) {
    throw new AppError(
      'INVALID_INPUT',
      `Giá trị công bố chưa hợp lệ, chưa lưu gì: ${problems.map((p) => p.message).join('; ')}. Hãy sửa các ô này rồi xem trước lại.`,
      problems,
    );
  }
  return parsed.data;
}

const emptyCounts = (): PublishedCounts => Object.fromEntries([...STATUSES, 'unclassified'].map((s) => [s, 0])) as PublishedCounts;
const labelOf = (s: Status | null): string => (s === null ? 'Chưa phân loại được' : STATUS_LABELS[s]);

/** A household of the sample as stored, with its Phiếu B1 entry (score A is summed again when it was summed from the items). */
type SampleRow = StoredAnswerRow & StoredB1Row & { id: number; head_name: string };

/**
 * The class of a sample of households of the latest round using this rule set, under the old and
 * the new version (a score A summed from the B1 items is summed with each version's table). Reads only.
 */
function beforeAfter(sqlite: BetterSqlite3.Database, before: RuleSet, after: RuleSet): PublishedPreview['sample'] {
  const before0 = emptyCounts();
  const after0 = emptyCounts();
  const roundId = sqlite.prepare('SELECT id FROM rounds WHERE rule_set_id = ? ORDER BY year DESC, id DESC LIMIT 1').pluck().get(before.id) as number | undefined;
  if (roundId === undefined) return { round: null, households: 0, notSampled: 0, before: before0, after: after0, changed: [] };
  const round = getRound(sqlite, roundId);
  const rows = sqlite
    .prepare(
      `SELECT h.id, h.head_name, h.code, h.head_id_number, h.area, a.score_a, a.b2, a.monthly_income, ${STORED_B1_COLUMNS}
         FROM households h LEFT JOIN answers a ON a.household_id = h.id LEFT JOIN household_entry e ON e.household_id = h.id
        WHERE h.round_id = ? ORDER BY h.id LIMIT ?`,
    )
    .all(roundId, SAMPLE_SIZE) as SampleRow[];
  const total = sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(roundId) as number;
  const changed: PublishedChangedHousehold[] = [];
  for (const row of rows) {
    const history = historyOf(sqlite, round, row.code, row.head_id_number);
    const b = evaluate(before, answerInputOf({ ...row, score_a: storedScoreA(before, row) }), history).decision?.status ?? null;
    const a = evaluate(after, answerInputOf({ ...row, score_a: storedScoreA(after, row) }), history).decision?.status ?? null;
    before0[b ?? 'unclassified'] += 1;
    after0[a ?? 'unclassified'] += 1;
    if (a !== b) changed.push({ householdId: row.id, code: row.code, headName: row.head_name, before: b, after: a, beforeLabel: labelOf(b), afterLabel: labelOf(a) });
  }
  return { round: { id: round.id, title: round.title }, households: rows.length, notSampled: total - rows.length, before: before0, after: after0, changed };
}

/** The new version, its changes and the before/after on a sample. Writes nothing. */
export function previewPublished(sqlite: BetterSqlite3.Database, registry: RuleSetRegistry, input: PublishedInput, actor: string): PublishedPreview & { ruleSet: RuleSet } {
  const base = registry.require(input.ruleSetId);
  const ruleSet = buildPublished(sqlite, base, input, actor);
  return {
    id: base.id,
    oldVersion: base.version,
    newVersion: ruleSet.version,
    changes: namedChanges(ruleSetDiff(base, ruleSet), base, ruleSet),
    sample: beforeAfter(sqlite, base, ruleSet),
    ruleSet,
  };
}

/**
 * Writes the new version as the administrator's copy (`<data folder>/standards/<id>.json`) and
 * records its confirmation by this action, with an audit row naming the document (who, when, old
 * and new version). The caller reloads the registry.
 */
export function savePublished(
  sqlite: BetterSqlite3.Database,
  registry: RuleSetRegistry,
  o: { resourcesDir: string; dbPath: string },
  input: PublishedInput,
  actor: string,
): { id: string; oldVersion: string; newVersion: string; file: string; changes: number; document: { number: string; date: string; issuer: string | null } } {
  const base = registry.require(input.ruleSetId);
  const ruleSet = buildPublished(sqlite, base, input, actor);
  const changes = ruleSetDiff(base, ruleSet);
  const dir = ruleSetDirs(o.resourcesDir, o.dbPath)[1]!;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${ruleSet.id}.json`);
  writeFileAtomic(file, `${JSON.stringify(ruleSet, null, 2)}\n`);
  const document = { number: cleanText(input.document.number), date: input.document.date, issuer: input.document.issuer ? cleanText(input.document.issuer) : null };
  sqlite.transaction(() => {
    recordLoadedInApp(sqlite, file, ruleSet, actor, base);
    writeAudit(sqlite, [
      {
        actor,
        entity: 'rule_set',
        entityId: null,
        action: 'publish',
        field: ruleSet.id,
        oldValue: { version: base.version },
        newValue: { version: ruleSet.version, document, values: input.values as unknown as Record<string, unknown> },
      },
    ]);
  })();
  return { id: ruleSet.id, oldVersion: base.version, newVersion: ruleSet.version, file, changes: changes.length, document };
}
