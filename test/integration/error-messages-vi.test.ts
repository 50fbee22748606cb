// An officer who meets a refusal reads, in Vietnamese, what is wrong (the household, the file, the
// value they gave) and what to do. The screens put the code's text first and this message under
// «Chi tiết kỹ thuật»; the command line prints both: an English message there helps nobody.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { checkRestorable } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/connection';
import { AppError } from '../../electron/core/errors';
import { parseRuleSet } from '../../electron/core/rulesets/load';
import { apiOf } from '../fixtures/api';
import { runCli } from '../fixtures/entry-points';
import { seedSmall } from '../fixtures/small-db';
import { REPO, RESOURCES, tempDir } from '../helpers';

/** A letter only Vietnamese writes (a tone mark, ă â đ ê ô ơ ư): a message without one is not Vietnamese. */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/iu;
/** The English the old messages were written in ("Household 12 not found", "… must be an integer"). */
const ENGLISH = /\b(not found|not in|is not|exists|unknown|must|household|round|unit|village|commune|member|version|schema|damaged|backup)\b/iu;

const dir = tempDir();
const core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES });
const services = createServices(core);
const { send } = apiOf(() => services);
const seeded = seedSmall(core);
afterAll(() => core.close());

/** The refusal of a call: its code and message (the call must be refused). */
async function refusal(method: Parameters<typeof send>[0], input: unknown): Promise<{ code: string; message: string }> {
  const answer = await send(method, input as never);
  if (answer.ok) throw new Error(`${method} was not refused`);
  return answer.error;
}

/** What a core function throws (it must throw an AppError). */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('nothing was thrown');
}

function expectVietnamese(message: string, ...names: string[]): void {
  expect(message).toMatch(VIETNAMESE);
  expect(message).not.toMatch(ENGLISH);
  for (const name of names) expect(message).toContain(name);
}

describe('a refusal through the services', () => {
  const missing = 987_654;

  it('of a household that is gone names its id and says to reload the list, from every reader and writer', async () => {
    for (const [method, input] of [
      ['entry.form', { householdId: missing }],
      ['income.get', { householdId: missing }],
      ['households.update', { householdId: missing, changes: { address: 'Tổ 2' } }],
      ['entry.events.record', { householdId: missing, kind: 'born', occurredOn: '2023-10-01' }],
    ] as const) {
      const r = await refusal(method, input);
      expect(r.code, method).toBe('NOT_FOUND');
      expectVietnamese(r.message, `hộ mã số ${missing}`, 'mở lại danh sách hộ');
    }
  });

  it('of a household of another round, or a member of another household, names both', async () => {
    const householdId = seeded.householdIds[0]!;
    const complaint = await refusal('workflow.complaint', { roundId: seeded.roundId + 50, householdId, receivedOn: '2023-10-02', content: 'Khiếu nại' });
    expect(complaint.code).toBe('NOT_FOUND');
    expectVietnamese(complaint.message, `Hộ mã số ${householdId}`, `đợt rà soát mã số ${seeded.roundId + 50}`);
    const event = await refusal('entry.events.record', { householdId, kind: 'died', occurredOn: '2023-10-01', memberId: missing });
    expect(event.code).toBe('NOT_FOUND');
    expectVietnamese(event.message, `Thành viên mã số ${missing}`, `hộ mã số ${householdId}`);
  });

  it('of a save based on an older version names the household and both versions, after the sentence the officer acts on', async () => {
    const householdId = seeded.householdIds[1]!;
    const first = await send('households.update', { householdId, version: 1, changes: { address: 'Tổ 3, ấp Bình Hưng' } });
    expect(first.ok).toBe(true);
    const r = await refusal('households.update', { householdId, version: 1, changes: { address: 'Tổ 4' } });
    expect(r.code).toBe('CONFLICT');
    expectVietnamese(r.message, 'lưu lại', `Hộ mã số ${householdId}: bản đã lưu số 2, bạn mở bản số 1`);
  });

  it('of a village, a round, a job or a month report unit that is not there names what was asked for', async () => {
    const village = await refusal('overview.get', { roundId: seeded.roundId, villageId: missing });
    expect(village.code).toBe('NOT_FOUND');
    expectVietnamese(village.message, `thôn, ấp, tổ dân phố mã số ${missing}`, 'tải lại danh sách');
    const round = await refusal('rounds.delete', { roundId: missing });
    expect(round.code).toBe('NOT_FOUND');
    expectVietnamese(round.message, `đợt rà soát mã số ${missing}`, 'tải lại danh sách đợt');
    const job = await refusal('jobs.status', { jobId: 'excel-0123abcd' });
    expect(job.code).toBe('NOT_FOUND');
    expectVietnamese(job.message, 'làm lại thao tác');
    const monthly = await refusal('requests.monthly', { unitId: seeded.villageId, month: '2023-10' });
    expect(monthly.code).toBe('INVALID_INPUT');
    expectVietnamese(monthly.message, `đơn vị mã số ${seeded.villageId}`, 'hãy chọn một xã');
  });
});

describe('a file the officer chose', () => {
  it('that is missing, not a database or of a newer app is named, with what to do', () => {
    const gone = path.join(dir, 'sao-luu-khong-co.sqlite');
    const notFound = thrown(() => checkRestorable(gone));
    expect(notFound.code).toBe('NOT_FOUND');
    expectVietnamese(notFound.message, gone, 'chọn lại tệp sao lưu');

    const text = path.join(dir, 'ghi-chu.sqlite');
    fs.writeFileSync(text, 'đây là một tệp ghi chú, không phải dữ liệu '.repeat(40));
    const notSqlite = thrown(() => checkRestorable(text));
    expect(notSqlite.code).toBe('DB_OPEN_FAILED');
    expect(notSqlite.message).toMatch(VIETNAMESE);
    expect(notSqlite.message).toContain(text);
    expect(notSqlite.message.slice(0, notSqlite.message.indexOf('Chi tiết:'))).not.toMatch(ENGLISH);
    const opened = thrown(() => openDatabase(text));
    expect(opened.code).toBe('DB_OPEN_FAILED');
    expect(opened.message.slice(0, opened.message.indexOf('Chi tiết:'))).toMatch(new RegExp(`^Không mở được tệp ${text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}.*khôi phục từ bản sao lưu`, 'u'));

    const rules = thrown(() => parseRuleSet('{ "id": "vn-2022-2026", }', 'bo-tieu-chi-sua.json'));
    expect(rules.code).toBe('RULESET_INVALID');
    expect(rules.message).toMatch(/^Tệp bộ tiêu chí bo-tieu-chi-sua\.json không phải JSON hợp lệ: hãy sửa/u);
    const shape = thrown(() => parseRuleSet('{ "id": 7 }', 'bo-tieu-chi-sua.json'));
    // The fields at fault keep the file's own (English) names: they are what the administrator edits.
    expect(shape.message).toMatch(/^Tệp bộ tiêu chí bo-tieu-chi-sua\.json sai cấu trúc ở \d+ chỗ \(id, [^)]*\): hãy sửa các mục đó/u);
  });
});

describe('the command line', () => {
  it('says in Vietnamese how many households a demo needs at least, and what it was given', () => {
    const r = runCli(['demo', '--db', path.join(dir, 'mau.sqlite'), '--households', '5']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/^--households phải là số nguyên từ 13 trở lên .*không phải "5": hãy sửa rồi chạy lại lệnh\.$/u);
    expect(fs.existsSync(path.join(dir, 'mau.sqlite'))).toBe(false);
  });
});

/** The TypeScript files under `root`'s folders, parsed. */
function sources(root: string, folders: string[]): ts.SourceFile[] {
  const walk = (folder: string): string[] =>
    fs.readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(folder, e.name)) : e.name.endsWith('.ts') ? [path.join(folder, e.name)] : []));
  return folders.flatMap((f) => walk(path.join(root, f))).map((file) => ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
}

/** The `new AppError(code, message)` calls under `root`'s folders whose message has words and none of them Vietnamese. */
function englishAppErrors(root: string, folders: string[]): { file: string; line: number; message: string }[] {
  const found: { file: string; line: number; message: string }[] = [];
  for (const source of sources(root, folders)) {
    const file = source.fileName;
    const visit = (node: ts.Node): void => {
      // invalidAt(path, message) is a refusal too: its message is checked the same way.
      const message =
        ts.isNewExpression(node) && node.expression.getText(source) === 'AppError'
          ? node.arguments?.[1]
          : ts.isCallExpression(node) && node.expression.getText(source) === 'invalidAt'
            ? node.arguments[1]
            : undefined;
      if (message) {
        const text = literalText(message);
        if (/[a-z]{2}/iu.test(text) && !VIETNAMESE.test(text)) {
          found.push({ file: path.relative(root, file), line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, message: message.getText(source) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** The literal words of a message expression (strings and the text of template literals), not what it interpolates. */
function literalText(node: ts.Node): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => `${literalText(s.expression)} ${s.literal.text}`)].join(' ');
  const parts: string[] = [];
  ts.forEachChild(node, (child) => {
    parts.push(literalText(child));
  });
  return parts.join(' ');
}

/**
 * The English half of a message once written "Vietnamese / English" ("Không tìm thấy / Not found",
 * "… --db FILE / missing --db FILE"), or undefined: a part after " / " with English words and no
 * Vietnamese letter. Options (--db), codes and placeholders in capitals (FILE, ROUND_LOCKED) are not words;
 * "Phiếu A / B", "--household hoặc --village" are not English.
 */
function englishTail(text: string): string | undefined {
  return text
    .split(' / ')
    .slice(1)
    .find((tail) => !VIETNAMESE.test(tail) && /[a-z]{3,}/iu.test(tail.replace(/--[\w-]+|\b[A-Z][A-Z\d_]+\b/gu, '')));
}

/** The strings and templates under `root`'s folders (their words, and those of the strings they interpolate) with an English tail. */
function englishTails(root: string, folders: string[]): string[] {
  const found: string[] = [];
  for (const source of sources(root, folders)) {
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        const tail = englishTail(literalText(node));
        if (tail !== undefined) found.push(`${path.relative(root, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1} …/ ${tail.trim()}`);
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('the sources', () => {
  const root = process.env.RASOAT_ERRORS_ROOT ?? REPO; // another checkout, to see these tests fail on older code

  it('write every AppError message of the core and the hosts in Vietnamese', () => {
    const english = englishAppErrors(root, ['electron/core', 'electron/host']);
    expect(english.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([]);
  });

  it('give the HTTP host\'s and the command line\'s messages in Vietnamese only, with no " / English" half after them', () => {
    expect(englishTails(root, ['electron/host', 'electron/main'])).toEqual([]);
    // The detector itself: the old two-language wording is found, Vietnamese alternatives are not.
    expect(['Không tìm thấy / Not found', 'Thiếu --db FILE / missing --db FILE', 'Đã in: a.pdf (3 trang / pages)'].map(englishTail)).toEqual(['Not found', 'missing --db FILE', 'pages)']);
    expect(['Phiếu A / B', '--household / --village đi cùng --prefill', 'Thiếu --db FILE', '1 / 2'].map(englishTail)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
