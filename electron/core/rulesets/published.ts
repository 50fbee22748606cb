import type BetterSqlite3 from 'better-sqlite3';
import { writeFileAtomic } from '../write-atomic';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type {
  PublishedChangedHousehold,
  PublishedCounts,
  PublishedCurrentView,
  PublishedPreview,
  PublishedValues,
  publishedInputs,
} from '../../../shared/api/published';
import { changeLabel, ruleSetDiff } from '../../../shared/engine/ruleset-diff';
import { RuleSetSchema, STATUSES, type RuleSet, type Status } from '../../../shared/engine/ruleset';
import { STATUS_LABELS } from '../../../shared/glossary';
import { cleanText } from '../../../shared/text/normalize';
import { writeAudit } from '../db/audit';
import { answerInputOf, evaluate, historyOf, type StoredAnswerRow } from '../entry/classify-one';
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
    b1PointTable: view(rs.b1PointTable, rs.b1PointTable.value ? { items: rs.b1PointTable.value.items.length } : null),
    screening: view(rs.screening, rs.screening.value ? { items: rs.screening.value.items.length } : null),
  };
}

/** The field of the screen a path of the rule set is typed in, in words ("Ngưỡng điểm A — nông thôn"). */
function fieldLabel(rs: RuleSet, at: (string | number)[]): string {
  const area = (k: unknown): string => (k === 'rural' || k === 'urban' ? rs.areaLabels[k] : String(k));
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
    for (const i of parsed.error.issues) problems.push({ path: i.path.map(String).join('.'), message: `${fieldLabel(base, i.path as (string | number)[])}: ${issueWords(i)}` });
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

/** The class of a sample of households of the latest round using this rule set, under the old and the new version. Reads only. */
function beforeAfter(sqlite: BetterSqlite3.Database, before: RuleSet, after: RuleSet): PublishedPreview['sample'] {
  const before0 = emptyCounts();
  const after0 = emptyCounts();
  const roundId = sqlite.prepare('SELECT id FROM rounds WHERE rule_set_id = ? ORDER BY year DESC, id DESC LIMIT 1').pluck().get(before.id) as number | undefined;
  if (roundId === undefined) return { round: null, households: 0, notSampled: 0, before: before0, after: after0, changed: [] };
  const round = getRound(sqlite, roundId);
  const rows = sqlite
    .prepare(
      `SELECT h.id, h.head_name, h.code, h.head_id_number, h.area, a.score_a, a.b2, a.monthly_income
         FROM households h LEFT JOIN answers a ON a.household_id = h.id WHERE h.round_id = ? ORDER BY h.id LIMIT ?`,
    )
    .all(roundId, SAMPLE_SIZE) as (StoredAnswerRow & { id: number; head_name: string })[];
  const total = sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(roundId) as number;
  const changed: PublishedChangedHousehold[] = [];
  for (const row of rows) {
    const answers = answerInputOf(row);
    const history = historyOf(sqlite, round, row.code, row.head_id_number);
    const b = evaluate(before, answers, history).decision?.status ?? null;
    const a = evaluate(after, answers, history).decision?.status ?? null;
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
    changes: ruleSetDiff(base, ruleSet),
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
