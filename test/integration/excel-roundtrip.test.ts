/**
 * Export → import of the demo district, through the worker jobs the screen uses (upload, dry run,
 * commit, cancel), and through the command line.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExcelExportResult, ExcelImportResult } from '../../shared/api/excel';
import { tableChecksums } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/connection';
import { buildDemo } from '../../electron/core/demo/generate';
import { saveUpload } from '../../electron/core/excel/uploads';
import { createRound } from '../../electron/core/rounds/rounds';
import { loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { runCli } from '../fixtures/entry-points';
import { RESOURCES, registry, tempDir } from '../helpers';

const dir = tempDir('rasoat-excel-rt-');
const dbPath = path.join(dir, 'demo.sqlite');
const unitFile = readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json'));
let core: Core;
let round2023: number;
let districtId: number;

beforeAll(() => {
  const db = openDatabase(dbPath);
  buildDemo(db.sqlite, registry(), unitFile, { households: 400, seed: 11 });
  db.close();
  core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'test' });
  round2023 = core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
  districtId = unitIdAt(core.db.sqlite, '889', '2023-09-01')!;
});
afterAll(() => core?.close());

/** Households and members as an officer sees them (no ids, keys or timestamps), by household code. */
function content(sqlite: import('better-sqlite3').Database, roundId: number): string {
  const q = (sql: string): unknown[] => sqlite.prepare(sql).raw().all(roundId);
  return JSON.stringify([
    q(`SELECT h.code, c.code, v.name, h.address, h.area, h.ethnic_minority, h.no_working_capacity, h.merit_person, h.female_head,
         h.head_name, h.head_id_number, h.member_count, h.search_text, a.score_a
       FROM households h JOIN units c ON c.id = h.commune_id LEFT JOIN units v ON v.id = h.village_id
       LEFT JOIN answers a ON a.household_id = h.id WHERE h.round_id = ? ORDER BY h.code`),
    q(`SELECT h.code, m.seq, m.full_name, m.sex, m.birth_date, m.id_number, m.relation, m.ethnicity, m.health_insurance, m.schooling,
         m.education, m.employment, m.disability, m.working_capacity, m.nutrition
       FROM members m JOIN households h ON h.id = m.household_id WHERE h.round_id = ? ORDER BY h.code, m.seq`),
    q(`SELECT h.code, c.cause FROM household_causes c JOIN households h ON h.id = c.household_id WHERE h.round_id = ? ORDER BY h.code, c.cause`),
  ]);
}

async function runJob<T>(kind: 'excel.export' | 'excel.import', input: Record<string, unknown>): Promise<{ id: string; result: T; progress: number[] }> {
  const { id } = core.jobs.start(kind, input);
  const seen: number[] = [];
  const poll = setInterval(() => seen.push(core.jobs.status(id).done), 10);
  const final = await core.jobs.wait(id);
  clearInterval(poll);
  if (final.state !== 'done') throw new Error(`${final.state}: ${final.error?.message ?? ''}`);
  return { id, result: final.result as T, progress: seen };
}

describe('export → import round trip of the demo district', () => {
  let exported: string;

  it('exports the district as one row per person, head first, ID numbers as text', async () => {
    const { id, result } = await runJob<ExcelExportResult>('excel.export', { roundId: round2023, unitId: districtId, doc: 'DS' });
    const counts = core.db.sqlite
      .prepare('SELECT COUNT(DISTINCT h.id) AS h, COUNT(*) AS m FROM households h JOIN members m ON m.household_id = h.id WHERE h.round_id = ?')
      .get(round2023) as { h: number; m: number };
    expect(result).toEqual({ name: 'DS-889-2023.xlsx', households: counts.h, members: counts.m });
    exported = path.join(dir, result.name);
    fs.copyFileSync(core.jobs.file(id, result.name).path, exported);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(exported);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(counts.m + 1);
    const header = ws.getRow(1).values as unknown[];
    expect(header.slice(1, 11)).toEqual(['Mã xã', 'Mã hộ', 'Thôn/ấp', 'Địa chỉ', 'Khu vực', 'Họ và tên thành viên', 'Quan hệ với chủ hộ', 'Ngày sinh', 'Giới tính', 'Số định danh']);
    expect(ws.getRow(2).getCell(7).value).toBe('Chủ hộ');
    // Causes of poverty by name on the head's row, as many as the households have.
    const causesCol = (header as string[]).indexOf('Nguyên nhân nghèo');
    expect(causesCol).toBeGreaterThan(0);
    const written = ws.getColumn(causesCol).values.slice(2).filter((v): v is string => typeof v === 'string');
    const stored = core.db.sqlite.prepare('SELECT COUNT(DISTINCT c.household_id) FROM household_causes c JOIN households h ON h.id = c.household_id WHERE h.round_id = ?').pluck().get(round2023) as number;
    expect(stored).toBeGreaterThan(10);
    expect(written).toHaveLength(stored);
    expect(written).toContainEqual(expect.stringMatching(/^(Thiếu|Ốm|Khác)[^;]*(; (Thiếu|Ốm đau, tai nạn|Khác)[^;]*)*$/u));
    const ids = ws.getColumn(10).values.slice(2).filter((v) => v !== '' && v !== undefined && v !== null);
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.every((v) => typeof v === 'string' && /^\d{12}$/u.test(v))).toBe(true);
  });

  it('imports back into the same round as a no-op (dry run and commit)', async () => {
    const before = JSON.stringify(tableChecksums(core.db.sqlite));
    const upload = saveUpload(core.options.dbPath, fs.readFileSync(exported));
    const { result, progress } = await runJob<ExcelImportResult>('excel.import', { roundId: round2023, unitId: districtId, upload, dryRun: false });
    expect(result.problems).toEqual([]);
    expect(result.households).toMatchObject({ created: 0, updated: 0 });
    expect(result.households.unchanged).toBeGreaterThan(300);
    expect(result.members).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect(progress.length).toBeGreaterThan(0);
    expect(JSON.stringify(tableChecksums(core.db.sqlite))).toBe(before);
  });

  it('imports into an empty database to the same households and members', async () => {
    const fresh = openDatabase(path.join(dir, 'fresh.sqlite'));
    try {
      loadUnits(fresh.sqlite, unitFile);
      const roundId = createRound(
        fresh.sqlite,
        { year: 2023, kind: 'periodic', title: 'Rà soát 2023', ruleSetId: 'vn-2022-2026', unitMapDate: '2023-09-01', referenceDate: '2023-09-01', scopeUnitId: unitIdAt(fresh.sqlite, '889', '2023-09-01')! },
        'test',
      );
      const cli = (args: string[]): { code: number | null; out: string } => {
        const r = runCli(args);
        return { code: r.code, out: r.code === 0 ? r.stdout : r.stdout + r.stderr };
      };
      fresh.close();
      const dry = cli(['import', '--db', path.join(dir, 'fresh.sqlite'), '--round', '2023', '--unit', '889', exported, '--dry-run', '--json']);
      expect(dry.code).toBe(0);
      const preview = JSON.parse(dry.out) as ExcelImportResult;
      expect(preview.imported).toBe(false);
      expect(preview.households.created).toBeGreaterThan(300);
      // The empty database has no villages yet: each is added, with a warning, and nothing else. Its
      // round's rule set is not known to the command line here: the Phiếu B2 columns are said to be unread.
      expect(preview.problems.every((p) => p.level === 'warning' && (p.message.includes('sẽ được thêm') || p.message.startsWith('Chưa có bộ tiêu chí')))).toBe(true);
      const done = cli(['import', '--db', path.join(dir, 'fresh.sqlite'), '--round', '2023', '--unit', '889', exported, '--json']);
      expect(done.code).toBe(0);
      expect(JSON.parse(done.out)).toMatchObject({ imported: true, households: { created: preview.households.created } });
      const reopened = openDatabase(path.join(dir, 'fresh.sqlite'), { readonly: true });
      try {
        expect(content(reopened.sqlite, roundId)).toBe(content(core.db.sqlite, round2023));
      } finally {
        reopened.close();
      }
    } finally {
      if (fresh.sqlite.open) fresh.close();
    }
  });

  it('exports the population-database list (LK): poor and near-poor households, head first, ID as text', async () => {
    const { id, result } = await runJob<ExcelExportResult>('excel.export', { roundId: round2023, unitId: districtId, doc: 'LK' });
    const poorMembers = core.db.sqlite
      .prepare(`SELECT COUNT(*) FROM members m JOIN households h ON h.id = m.household_id JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND r.status IN ('poor', 'near_poor')`)
      .pluck()
      .get(round2023) as number;
    expect(result.members).toBe(poorMembers);
    const wb = new ExcelJS.Workbook();
    const lk = path.join(dir, 'lk.xlsx');
    fs.copyFileSync(core.jobs.file(id, result.name).path, lk);
    await wb.xlsx.readFile(lk);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1, 12)).toEqual(['STT', 'Mã tỉnh', 'Mã huyện', 'Mã xã', 'Thôn/ấp', 'Mã hộ', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số định danh', 'Quan hệ với chủ hộ']);
    expect(ws.getRow(2).getCell(11).value).toBe('Chủ hộ');
    expect(ws.getRow(2).getCell(2).value).toBe('89');
    expect(ws.getRow(2).getCell(12).value).toMatch(/^Hộ (cận )?nghèo$/u);
  });

  it('cancels a running export', async () => {
    const { id } = core.jobs.start('excel.export', { roundId: round2023, unitId: districtId, doc: 'DS' });
    core.jobs.cancel(id);
    const final = await core.jobs.wait(id);
    expect(final.state).toBe('cancelled');
    expect(final.result).toBeNull();
  });
});

describe('the command line', () => {
  const cli = (args: string[]): { code: number | null; out: string; err: string } => {
    const r = runCli(args);
    return { code: r.code, out: r.stdout, err: r.code === 0 ? '' : r.stderr };
  };

  it('refuses a bad file with one line and exit 1, and an unknown --doc with exit 2', () => {
    const bad = path.join(dir, 'bad.xlsx');
    fs.writeFileSync(bad, 'not a workbook');
    const r = cli(['import', '--db', dbPath, '--round', '2023', '--unit', '30463', bad]);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('không phải tệp Excel');
    const d = cli(['export', '--db', dbPath, '--round', '2023', '--unit', '30463', '--doc', 'XX', '--out', path.join(dir, 'x.xlsx')]);
    expect(d.code).toBe(2);
    expect(d.err).toContain('Không có danh sách "XX" (có: DS, LK');
  });

  it('exports a commune and writes the template', () => {
    const out = path.join(dir, 'cli-30463.xlsx');
    const r = cli(['export', '--db', dbPath, '--round', '2023', '--unit', '30463', '--doc', 'DS', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Đã xuất \d+ hộ/u);
    expect(fs.existsSync(out)).toBe(true);
    const t = cli(['template', '--out', path.join(dir, 'mau.xlsx'), '--db', dbPath, '--round', '2023', '--unit', '30463']);
    expect(t.code).toBe(0);
    expect(fs.statSync(path.join(dir, 'mau.xlsx')).size).toBeGreaterThan(5000);
  });
});
