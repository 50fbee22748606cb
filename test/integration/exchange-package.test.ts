// Issue 13: the commune ↔ province exchange package: a demo commune exported and imported into an
// empty province database, row by row; re-import; refusals with the database byte-identical;
// older packages; a conflict resolved field by field. The CLI through a child process.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableChecksums } from '../../electron/core/backup/backup';
import { deriveKey, openSealedFile, sealFile } from '../../electron/core/backup/sealed';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { recordEvent } from '../../electron/core/entry/rounds';
import { recordComplaint, recordDecision, recordMeeting, recordPosting, recordRecheck, reopen } from '../../electron/core/entry/workflow';
import { exportPackage } from '../../electron/core/exchange/export';
import { importPackage, previewPackage } from '../../electron/core/exchange/import';
import { readCommuneParts } from '../../electron/core/exchange/read';
import { updateHousehold } from '../../electron/core/households/update';
import { ensureRegister } from '../../electron/core/units/register';
import { setupOffice } from '../../electron/core/units/office';
import { readUnitFile } from '../../electron/core/units/units';
import { runCli } from '../fixtures/entry-points';
import { RESOURCES, tempDir } from '../helpers';

const PASS = 'mat-khau-goi-2025';
const UNIT = '30487';
const dir = tempDir('rasoat-exchange-');
const demoDb = path.join(dir, 'demo.sqlite');
const provinceDb = path.join(dir, 'province.sqlite');
const passFile = path.join(dir, 'pass.txt');
const wrongPassFile = path.join(dir, 'wrong.txt');

const open = (file: string, actor = 'tester') => new Core({ dbPath: file, resourcesDir: RESOURCES, actor, backupDir: path.join(dir, `backups-${path.basename(file)}`) });
function withCore<T>(file: string, fn: (core: Core) => T, actor?: string): T {
  const core = open(file, actor);
  try {
    return fn(core);
  } finally {
    core.close();
  }
}
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
/** The command line (`npm run -s cli -- …`), from its bundle when fresh: test/fixtures/entry-points.ts. */
const cli = (args: string[]) => runCli(args, { dataDir: dir });
const roundAndCommune = (core: Core) => {
  const s = core.db.sqlite;
  const roundId = s.prepare('SELECT id FROM rounds WHERE year = 2025').pluck().get() as number;
  const communeId = s.prepare(`SELECT id FROM units WHERE code = ? AND level = 'commune' AND valid_from = '2025-07-01'`).pluck().get(UNIT) as number;
  return { roundId, communeId };
};
const partsOf = (file: string) =>
  withCore(file, (core) => {
    const { roundId, communeId } = roundAndCommune(core);
    return readCommuneParts(core.db.sqlite, roundId, communeId);
  });

beforeAll(() => {
  fs.writeFileSync(passFile, `${PASS}\n`);
  fs.writeFileSync(wrongPassFile, 'mat-khau-khac-hẳn\n');
  withCore(demoDb, (core) => {
    buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 400, seed: 11 });
    // The commune's workflow records of the round, through the workflow's own writers.
    const s = core.db.sqlite;
    const { roundId, communeId } = roundAndCommune(core);
    const villages = s.prepare('SELECT DISTINCT village_id FROM households WHERE round_id = ? AND commune_id = ? ORDER BY 1').pluck().all(roundId, communeId) as number[];
    for (const villageId of villages) {
      recordMeeting(s, { roundId, villageId, heldOn: '2025-10-20', place: 'Nhà văn hoá ấp', chair: 'Trưởng ấp', secretary: 'Thư ký', attendeesCount: 40, householdsPresent: 30, householdsListed: 35, agreedCount: 30, reviewersCount: 3 }, 'xa');
    }
    const hh = s.prepare('SELECT id FROM households WHERE round_id = ? AND commune_id = ? ORDER BY code LIMIT 3 OFFSET 5').pluck().all(roundId, communeId) as number[];
    const member = s.prepare('SELECT id FROM members WHERE household_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(hh[2]) as number;
    recordEvent(s, { householdId: hh[2]!, kind: 'died', occurredOn: '2025-08-02', memberId: member, relatedHouseholdId: null, note: 'Mất tháng 8' }, 'xa');
    recordPosting(s, { roundId, communeId, fromDate: '2025-11-01', toDate: '2025-11-07', places: 'Trụ sở UBND xã' }, 'xa');
    const complaint = recordComplaint(s, { roundId, householdId: hh[1]!, receivedOn: '2025-11-03', content: 'Khiếu nại điểm B1' }, 'xa');
    recordRecheck(s, { complaintId: complaint.id, recheckedOn: '2025-11-05', result: 'Giữ nguyên kết quả' }, 'xa');
    recordDecision(s, { roundId, communeId, number: '45', signedOn: '2025-11-20', signerName: 'Nguyễn Văn An', signerTitle: 'Chủ tịch UBND xã' }, 'xa');
    reopen(s, { roundId, communeId, reason: 'Sửa sai sót sau công nhận' }, 'xa');
  });
  withCore(provinceDb, (core) => {
    ensureRegister(core.db.sqlite, RESOURCES, 'tester');
    setupOffice(core.db.sqlite, '91', 'tester');
  });
}, 240_000);

describe('exchange package: demo commune → empty province database', () => {
  const p1 = path.join(dir, 'p1.pkg');
  const pOld = path.join(dir, 'p-old.pkg');

  it('imports every table of the commune row by row; the same package again changes nothing', () => {
    const made = withCore(demoDb, (core) => exportPackage(core, { roundYear: 2025, unitCode: UNIT, out: p1, passphrase: PASS }));
    expect(made.manifest.parts.find((p) => p.name === 'households')!.count).toBeGreaterThan(20);
    const preview = withCore(provinceDb, (core) => previewPackage(core, p1, PASS));
    expect(preview.counts.new).toBe(made.manifest.parts.find((p) => p.name === 'households')!.count);
    expect(preview.round.exists).toBe(false);

    const r = withCore(provinceDb, (core) => importPackage(core, p1, PASS));
    expect(r.imported).toBe(true);
    expect(fs.existsSync(r.backupFile!)).toBe(true);

    const theirs = partsOf(demoDb);
    const ours = partsOf(provinceDb);
    for (const part of Object.keys(theirs) as (keyof typeof theirs)[]) {
      if (part === 'audit') continue;
      expect(ours[part], part).toEqual(theirs[part]);
    }
    // The sender's audit trail came along; the only rows added here are the import's own.
    const key = (a: Record<string, unknown>) => JSON.stringify([a.at, a.actor, a.entity, a.ref, a.action, a.field, a.old_value, a.new_value]);
    const mine = new Set(ours.audit.map(key));
    for (const a of theirs.audit) expect(mine.has(key(a))).toBe(true);
    expect(ours.audit.filter((a) => !theirs.audit.some((t) => key(t) === key(a))).every((a) => a.action === 'import')).toBe(true);
    // Every part was exercised: none of them is empty on the sender's side.
    for (const part of ['villages', 'households', 'members', 'answers', 'causes', 'results', 'rule_set_snapshots', 'events', 'complaints', 'village_meetings', 'postings', 'decisions', 'round_locks'] as const) {
      expect(theirs[part].length, part).toBeGreaterThan(0);
    }
    expect(new Set(theirs.audit.map((a) => a.entity))).toEqual(new Set(['household', 'village_meeting', 'posting', 'decision', 'round']));

    // Re-import: nothing changes, not even the audit trail.
    const before = withCore(provinceDb, (core) => tableChecksums(core.db.sqlite));
    const again = withCore(provinceDb, (core) => importPackage(core, p1, PASS));
    expect(again.imported).toBe(false);
    expect(again.preview.counts.unchanged).toBe(preview.counts.new);
    expect(withCore(provinceDb, (core) => tableChecksums(core.db.sqlite))).toEqual(before);
    // A package made now (imported later than p1) for the older-package test below.
    withCore(demoDb, (core) => exportPackage(core, { roundYear: 2025, unitCode: UNIT, out: pOld, passphrase: PASS }));
  }, 120_000);

  it('refuses tampered, truncated, wrong-passphrase and newer-format files with the database byte-identical (CLI, exit 1, one line)', () => {
    const good = fs.readFileSync(p1);
    const tampered = path.join(dir, 'tampered.pkg');
    const t = Buffer.from(good);
    t[Math.floor(t.length / 2)]! ^= 0x01;
    fs.writeFileSync(tampered, t);
    const truncated = path.join(dir, 'truncated.pkg');
    fs.writeFileSync(truncated, good.subarray(0, good.length - 200));
    const newer = path.join(dir, 'newer.pkg');
    const clear = path.join(dir, 'newer.txt');
    fs.writeFileSync(clear, `${JSON.stringify({ format: 'rasoat-package', formatVersion: 2, parts: [] })}\n`);
    sealFile(clear, newer, deriveKey(PASS), 'package');

    const cases: [string, string, RegExp][] = [
      [tampered, passFile, /bị hỏng hoặc đã bị sửa/u],
      [truncated, passFile, /bị hỏng hoặc đã bị sửa/u],
      [p1, wrongPassFile, /Mật khẩu không đúng/u],
      [newer, passFile, /phiên bản mới hơn/u],
    ];
    for (const [file, pass, message] of cases) {
      const before = sha(provinceDb);
      const r = cli(['package', 'import', '--db', provinceDb, file, '--passphrase-file', pass]);
      expect(r.code, `${path.basename(file)}: ${r.stderr}`).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(sha(provinceDb)).toBe(before);
    }
    const noPass = cli(['package', 'import', '--db', provinceDb, p1]);
    expect(noPass.code).toBe(1);
    expect(noPass.stderr).toMatch(/--passphrase-file/u);
  }, 180_000);

  it('finds a conflict when both sides changed a household; field choices import the chosen values and are audited; an older package is refused unless forced', () => {
    const code = withCore(demoDb, (core) => {
      const { roundId, communeId } = roundAndCommune(core);
      const h = core.db.sqlite.prepare('SELECT id, code FROM households WHERE round_id = ? AND commune_id = ? ORDER BY code LIMIT 1').get(roundId, communeId) as { id: number; code: string };
      const other = core.db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? AND commune_id = ? ORDER BY code LIMIT 1 OFFSET 1').pluck().get(roundId, communeId) as number;
      updateHousehold(core.db.sqlite, h.id, { address: 'Số 1, ấp Bình Mỹ (sửa ở xã)', meritPerson: true }, core.actor);
      updateHousehold(core.db.sqlite, other, { address: 'Hộ thứ hai sửa ở xã' }, core.actor);
      return h.code;
    });
    withCore(provinceDb, (core) => {
      const id = core.db.sqlite.prepare('SELECT id FROM households WHERE code = ?').pluck().get(code) as number;
      updateHousehold(core.db.sqlite, id, { address: 'Số 1 (sửa ở tỉnh)' }, core.actor);
    });
    const p2 = path.join(dir, 'p2.pkg');
    withCore(demoDb, (core) => exportPackage(core, { roundYear: 2025, unitCode: UNIT, out: p2, passphrase: PASS }));

    const preview = withCore(provinceDb, (core) => previewPackage(core, p2, PASS));
    expect(preview.counts).toMatchObject({ conflict: 1, changed: 1 });
    const conflict = preview.households.find((h) => h.status === 'conflict')!;
    expect(conflict.code).toBe(code);
    expect(conflict.fields).toEqual([
      { field: 'address', ours: 'Số 1 (sửa ở tỉnh)', theirs: 'Số 1, ấp Bình Mỹ (sửa ở xã)' },
      { field: 'merit_person', ours: 0, theirs: 1 },
    ]);

    // The CLI's dry run shows the same, and writes nothing.
    const before = sha(provinceDb);
    const dry = cli(['package', 'import', '--db', provinceDb, p2, '--passphrase-file', passFile, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect((JSON.parse(dry.stdout) as { counts: { conflict: number } }).counts.conflict).toBe(1);
    expect(sha(provinceDb)).toBe(before);

    withCore(provinceDb, (core) => importPackage(core, p2, PASS, { choices: { [code]: { address: 'theirs' } } }), 'tinh.canbo');
    withCore(provinceDb, (core) => {
      const s = core.db.sqlite;
      const h = s.prepare('SELECT id, address, merit_person FROM households WHERE code = ?').get(code) as { id: number; address: string; merit_person: number };
      expect(h.address).toBe('Số 1, ấp Bình Mỹ (sửa ở xã)');
      expect(h.merit_person).toBe(0); // no choice given: ours kept
      const choices = s.prepare(`SELECT actor, field, new_value FROM audit WHERE entity = 'household' AND entity_id = ? AND action = 'exchange_choice' ORDER BY field`).all(h.id) as {
        actor: string;
        field: string;
        new_value: string;
      }[];
      expect(choices.map((c) => [c.actor, c.field, (JSON.parse(c.new_value) as { chosen: string }).chosen])).toEqual([
        ['tinh.canbo', 'address', 'theirs'],
        ['tinh.canbo', 'merit_person', 'ours'],
      ]);
      expect(s.prepare("SELECT address FROM households WHERE address = 'Hộ thứ hai sửa ở xã'").pluck().get()).toBe('Hộ thứ hai sửa ở xã');
    });

    // pOld was made before p2: refused (exit 1, nothing written) unless --force.
    const b2 = sha(provinceDb);
    const old = cli(['package', 'import', '--db', provinceDb, pOld, '--passphrase-file', passFile]);
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/cũ hơn gói đã nhập/u);
    expect(old.stderr.trim().split('\n')).toHaveLength(1);
    expect(sha(provinceDb)).toBe(b2);
    const forced = cli(['package', 'import', '--db', provinceDb, pOld, '--passphrase-file', passFile, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(withCore(provinceDb, (core) => core.db.sqlite.prepare('SELECT forced FROM exchange_packages WHERE package_id = (SELECT package_id FROM exchange_packages ORDER BY id DESC LIMIT 1)').pluck().get())).toBe(1);
  }, 240_000);

  it('refuses a package whose part does not match its SHA-256 in the manifest, even sealed again with the right passphrase', () => {
    const clear = path.join(dir, 'p1.txt');
    openSealedFile(p1, clear, PASS, 'package');
    const lines = fs.readFileSync(clear, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"head_name"'));
    lines[at] = lines[at]!.replace(/"address":"[^"]*"/u, '"address":"Địa chỉ bị sửa"');
    fs.writeFileSync(clear, lines.join('\n'));
    const resealed = path.join(dir, 'resealed.pkg');
    sealFile(clear, resealed, deriveKey(PASS), 'package');
    const before = withCore(provinceDb, (core) => tableChecksums(core.db.sqlite));
    expect(() => withCore(provinceDb, (core) => importPackage(core, resealed, PASS))).toThrow(/mã SHA-256 của phần households không khớp/u);
    expect(withCore(provinceDb, (core) => tableChecksums(core.db.sqlite))).toEqual(before);
  }, 60_000);

  it('export refuses without a passphrase file, in Vietnamese', () => {
    const r = cli(['package', 'export', '--db', demoDb, '--round', '2025', '--unit', UNIT, '--out', path.join(dir, 'x.pkg')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cần --passphrase-file/u);
    expect(fs.existsSync(path.join(dir, 'x.pkg'))).toBe(false);
  }, 60_000);

  it('refuses, in Vietnamese and with nothing written, a package for a commune locked here by its recognition decision', () => {
    withCore(provinceDb, (core) => {
      const { roundId, communeId } = roundAndCommune(core);
      recordDecision(core.db.sqlite, { roundId, communeId, number: '7', signedOn: '2025-12-01', signerName: 'Trần Thị Bình', signerTitle: 'Chủ tịch UBND xã' }, 'tinh');
    });
    const p3 = path.join(dir, 'p3.pkg');
    withCore(demoDb, (core) => exportPackage(core, { roundYear: 2025, unitCode: UNIT, out: p3, passphrase: PASS }));
    const before = sha(provinceDb);
    const r = cli(['package', 'import', '--db', provinceDb, p3, '--passphrase-file', passFile]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^Phần của xã Bình Mỹ \(30487\) trong đợt rà soát năm 2025 ở đây đã khoá/u);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(sha(provinceDb)).toBe(before);
  }, 120_000);
});
