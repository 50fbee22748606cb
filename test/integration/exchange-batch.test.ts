// Issue 13, the province importing its communes' packages in one batch: ONE backup before the
// batch (not one per package: each copies the whole province database), then each package all or
// nothing in its own transaction. A refused package in the middle (damaged) is reported with its
// reason, leaves nothing, and the others still go in; the batch again changes nothing (and takes
// no backup); an older package is still refused unless forced. The CLI: several PACKAGE arguments,
// exit 0 when all went in, 1 when any was refused.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tableChecksums } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { exportPackage } from '../../electron/core/exchange/export';
import { importPackages, type BatchItem } from '../../electron/core/exchange/import';
import { updateHousehold } from '../../electron/core/households/update';
import { setupOffice } from '../../electron/core/units/office';
import { ensureRegister } from '../../electron/core/units/register';
import { readUnitFile } from '../../electron/core/units/units';
import { runCli } from '../fixtures/entry-points';
import { RESOURCES, tempDir } from '../helpers';

const PASS = 'mat-khau-goi-2025';
const A = '30463';
const B = '30481';
const C = '30487';
const dir = tempDir('rasoat-exchange-batch-');
const demoDb = path.join(dir, 'demo.sqlite');
const provinceDb = path.join(dir, 'province.sqlite');
const cliDb = path.join(dir, 'province-cli.sqlite');
const passFile = path.join(dir, 'pass.txt');
const pkg = (name: string) => path.join(dir, `${name}.pkg`);
const backupDir = (db: string) => path.join(dir, `backups-${path.basename(db)}`);

function withCore<T>(file: string, fn: (core: Core) => T, actor = 'tinh.canbo'): T {
  const core = new Core({ dbPath: file, resourcesDir: RESOURCES, actor, backupDir: backupDir(file) });
  try {
    return fn(core);
  } finally {
    core.close();
  }
}
const backups = (db: string) => (fs.existsSync(backupDir(db)) ? fs.readdirSync(backupDir(db)).filter((n) => n.includes('before-import')) : []);
const exportOf = (code: string, name: string) => withCore(demoDb, (core) => exportPackage(core, { roundYear: 2025, unitCode: code, out: pkg(name), passphrase: PASS }), 'xa.canbo');
/** Households of the commune in the province database. */
const householdsOf = (db: string, code: string) =>
  withCore(db, (core) =>
    core.db.sqlite
      .prepare(`SELECT COUNT(*) FROM households h JOIN units u ON u.id = h.commune_id WHERE u.code = ? AND u.level = 'commune'`)
      .pluck()
      .get(code) as number,
  );
const demoHouseholds: Record<string, number> = {};
/** The command line (`npm run -s cli -- …`), from its bundle when fresh: test/fixtures/entry-points.ts. */
const cli = (args: string[]) => runCli(args, { dataDir: dir });

beforeAll(() => {
  fs.writeFileSync(passFile, `${PASS}\n`);
  withCore(demoDb, (core) => {
    buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 300, seed: 5 });
    const rows = core.db.sqlite
      .prepare(`SELECT u.code, COUNT(*) AS n FROM households h JOIN units u ON u.id = h.commune_id JOIN rounds r ON r.id = h.round_id WHERE r.year = 2025 GROUP BY u.code`)
      .all() as { code: string; n: number }[];
    for (const r of rows) demoHouseholds[r.code] = r.n;
  });
  // A's older package first; then the commune changes a household and sends A again (newer).
  exportOf(A, 'a-old');
  withCore(demoDb, (core) => {
    const id = core.db.sqlite.prepare(`SELECT h.id FROM households h JOIN units u ON u.id = h.commune_id JOIN rounds r ON r.id = h.round_id WHERE r.year = 2025 AND u.code = ? ORDER BY h.code LIMIT 1`).pluck().get(A) as number;
    updateHousehold(core.db.sqlite, id, { address: 'Số 9, sửa ở xã sau gói cũ' }, core.actor);
  });
  exportOf(A, 'a');
  exportOf(B, 'b');
  exportOf(C, 'c');
  // B damaged on the way (one byte changed).
  const bytes = fs.readFileSync(pkg('b'));
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  fs.writeFileSync(pkg('b-damaged'), bytes);
  for (const db of [provinceDb, cliDb]) {
    withCore(db, (core) => {
      ensureRegister(core.db.sqlite, RESOURCES, 'tester');
      setupOffice(core.db.sqlite, '91', 'tester');
    });
  }
}, 240_000);

describe('exchange: a batch of packages into the province database', () => {
  it('takes one backup for the batch; a refused package in the middle leaves nothing and the others are committed', () => {
    for (const code of [A, B, C]) expect(demoHouseholds[code], code).toBeGreaterThan(5);
    const progress: [number, number][] = [];
    const r = withCore(provinceDb, (core) => importPackages(core, [pkg('a'), pkg('b-damaged'), pkg('c')], PASS, { onProgress: (done, total) => progress.push([done, total]) }));
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(r.items.map((i) => [path.basename(i.file), i.ok])).toEqual([
      ['a.pkg', true],
      ['b-damaged.pkg', false],
      ['c.pkg', true],
    ]);
    const refused = r.items[1] as Extract<BatchItem, { ok: false }>;
    expect(refused.error).toMatch(/^Tệp b-damaged\.pkg bị hỏng hoặc đã bị sửa/u);
    for (const i of [r.items[0]!, r.items[2]!]) {
      expect(i.ok && i.result.imported).toBe(true);
      expect(i.ok && i.result.backupFile).toBe(r.backupFile);
    }
    // One backup for the two packages written, not one each.
    expect(backups(provinceDb)).toHaveLength(1);
    expect(fs.existsSync(r.backupFile!)).toBe(true);
    expect(r.backupMs).toBeGreaterThan(0);
    expect(householdsOf(provinceDb, A)).toBe(demoHouseholds[A]);
    expect(householdsOf(provinceDb, C)).toBe(demoHouseholds[C]);
    expect(householdsOf(provinceDb, B)).toBe(0);
    const received = withCore(provinceDb, (core) => core.db.sqlite.prepare('SELECT u.code FROM exchange_packages p JOIN units u ON u.id = p.commune_id ORDER BY p.id').pluck().all());
    expect(received).toEqual([A, C]);
  }, 120_000);

  it('the same batch again changes nothing and takes no backup; the good B then goes in with its own one backup', () => {
    const before = withCore(provinceDb, (core) => tableChecksums(core.db.sqlite));
    const again = withCore(provinceDb, (core) => importPackages(core, [pkg('a'), pkg('c')], PASS));
    expect(again.items.map((i) => i.ok && !i.result.imported && i.result.preview.alreadyImported)).toEqual([true, true]);
    expect(again.backupFile).toBeNull();
    expect(withCore(provinceDb, (core) => tableChecksums(core.db.sqlite))).toEqual(before);
    expect(backups(provinceDb)).toHaveLength(1);

    const withB = withCore(provinceDb, (core) => importPackages(core, [pkg('a'), pkg('b'), pkg('c')], PASS));
    expect(withB.items.map((i) => i.ok && i.result.imported)).toEqual([false, true, false]);
    expect(householdsOf(provinceDb, B)).toBe(demoHouseholds[B]);
    expect(backups(provinceDb)).toHaveLength(2);
  }, 120_000);

  it('still refuses an older package in a batch unless forced', () => {
    const before = withCore(provinceDb, (core) => tableChecksums(core.db.sqlite));
    const r = withCore(provinceDb, (core) => importPackages(core, [pkg('a-old')], PASS));
    expect(r.items[0]!.ok).toBe(false);
    expect(!r.items[0]!.ok && r.items[0]!.error).toMatch(/cũ hơn gói đã nhập/u);
    expect(r.backupFile).toBeNull();
    expect(withCore(provinceDb, (core) => tableChecksums(core.db.sqlite))).toEqual(before);
    const forced = withCore(provinceDb, (core) => importPackages(core, [pkg('a-old')], PASS, { force: true }));
    expect(forced.items[0]!.ok && forced.items[0]!.result.imported).toBe(true);
    expect(withCore(provinceDb, (core) => core.db.sqlite.prepare('SELECT forced FROM exchange_packages ORDER BY id DESC LIMIT 1').pluck().get())).toBe(1);
  }, 120_000);

  it('stops before the next package when cancelled; the packages already committed stay', () => {
    const db = path.join(dir, 'province-cancel.sqlite');
    withCore(db, (core) => {
      ensureRegister(core.db.sqlite, RESOURCES, 'tester');
      setupOffice(core.db.sqlite, '91', 'tester');
    });
    let done = 0;
    const r = withCore(db, (core) => importPackages(core, [pkg('a'), pkg('b'), pkg('c')], PASS, { onProgress: (n) => (done = n), cancelled: () => done >= 1 }));
    expect(r.items).toHaveLength(1);
    expect(householdsOf(db, A)).toBe(demoHouseholds[A]);
    expect(householdsOf(db, B)).toBe(0);
  }, 120_000);

  it('CLI: several packages in one command, one backup; exit 1 when any is refused (its reason on stderr), 0 when all go in', () => {
    const first = cli(['package', 'import', '--db', cliDb, pkg('a'), pkg('b-damaged'), pkg('c'), '--passphrase-file', passFile]);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr.trim().split('\n')).toHaveLength(1);
    expect(first.stderr).toMatch(/b-damaged\.pkg: Tệp b-damaged\.pkg bị hỏng hoặc đã bị sửa/u);
    expect(first.stdout).toMatch(/a\.pkg: đã nhập/u);
    expect(first.stdout).toMatch(/c\.pkg: đã nhập/u);
    expect(first.stdout).toMatch(/Đã nhập 2 gói, 0 gói đã nhập trước đây, 1 gói bị từ chối/u);
    expect(householdsOf(cliDb, A)).toBe(demoHouseholds[A]);
    expect(householdsOf(cliDb, B)).toBe(0);

    const second = cli(['package', 'import', '--db', cliDb, pkg('a'), pkg('b'), pkg('c'), '--passphrase-file', passFile, '--json']);
    expect(second.code, second.stderr).toBe(0);
    const out = JSON.parse(second.stdout) as { imported: number; refused: number; backupFile: string | null; items: { ok: boolean; imported: boolean }[] };
    expect(out).toMatchObject({ imported: 1, refused: 0 });
    expect(out.items.map((i) => i.imported)).toEqual([false, true, false]);
    expect(fs.existsSync(out.backupFile!)).toBe(true);
    expect(householdsOf(cliDb, B)).toBe(demoHouseholds[B]);

    // A dry run of several writes nothing, and says which would be refused.
    const before = fs.readFileSync(cliDb);
    const dry = cli(['package', 'import', '--db', cliDb, pkg('a-old'), pkg('c'), '--passphrase-file', passFile, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toMatch(/a-old\.pkg: .*cũ hơn gói đã nhập/u);
    expect(dry.stdout).toMatch(/c\.pkg: xem trước/u);
    expect(fs.readFileSync(cliDb).equals(before)).toBe(true);
  }, 240_000);

  it("writes the new households' own times with their rows: nothing rewritten after the insert, the times the commune's", () => {
    const db = path.join(dir, 'province-times.sqlite');
    withCore(db, (core) => {
      ensureRegister(core.db.sqlite, RESOURCES, 'test');
      setupOffice(core.db.sqlite, '91', 'test');
    });
    const statements: string[] = [];
    withCore(db, (core) => {
      const s = core.db.sqlite;
      const prepare = s.prepare.bind(s);
      const exec = s.exec.bind(s);
      vi.spyOn(s, 'prepare').mockImplementation(((sql: string) => (statements.push(sql), prepare(sql))) as typeof s.prepare);
      vi.spyOn(s, 'exec').mockImplementation(((sql: string) => (statements.push(sql), exec(sql))) as typeof s.exec);
      const r = importPackages(core, [pkg('c')], PASS);
      vi.restoreAllMocks();
      expect(r.items[0]!.ok).toBe(true);
    });
    // No statement sets a household's or an answer's times after the insert.
    expect(statements.filter((sql) => /^\s*UPDATE\s+(households|answers)\b[\s\S]*\b(created_at|updated_at)\b/iu.test(sql))).toEqual([]);
    const times = (file: string) =>
      withCore(file, (core) =>
        core.db.sqlite
          .prepare(
            `SELECT h.code, h.created_at, h.updated_at, a.updated_at AS answers_at FROM households h JOIN units u ON u.id = h.commune_id JOIN rounds r ON r.id = h.round_id
             LEFT JOIN answers a ON a.household_id = h.id WHERE r.year = 2025 AND u.code = ? ORDER BY h.code`,
          )
          .all(C),
      );
    const ours = times(db);
    expect(ours.length).toBe(demoHouseholds[C]);
    expect(ours).toEqual(times(demoDb));
  });
});
