import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableChecksums } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/connection';
import { runCli } from '../fixtures/entry-points';
import { seedSmall } from '../fixtures/small-db';
import { REPO, RESOURCES, HANDBOOK_FIXTURES, tempDir } from '../helpers';

/** Runs the command line exactly as the README says: npm run -s cli -- … */
function npmCli(args: string[], input?: string) {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: REPO, encoding: 'utf8', input, env: { ...process.env, RASOAT_DATA_DIR: tempDir() } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same command line, from its bundle when fresh (test/fixtures/entry-points.ts). */
const cli = (args: string[], input?: string) => runCli(args, { input });

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/u);

describe('rasoat classify', () => {
  const fixtures = path.join(HANDBOOK_FIXTURES, 'engine-cases.json');
  const cases = JSON.parse(fs.readFileSync(fixtures, 'utf8')) as { input: { id: string }; expected: Record<string, unknown> }[];

  it('reproduces every expected field of the handbook engine cases', () => {
    const file = path.join(tempDir(), 'inputs.json');
    fs.writeFileSync(file, JSON.stringify(cases.map((c) => c.input)));
    const { code, stdout, stderr } = npmCli(['classify', '--rules', 'vn-2022-2026', file]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The tests' way of running the command line (its bundle) prints the very same.
    expect(cli(['classify', '--rules', 'vn-2022-2026', file])).toEqual({ code, stdout, stderr });
    const results = JSON.parse(stdout) as Record<string, unknown>[];
    expect(results).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      for (const [key, value] of Object.entries(c.expected)) {
        if (key === 'deprived') expect(new Set(results[i]!.deprived as string[]), `${c.input.id}.${key}`).toEqual(new Set(value as string[]));
        else expect(results[i]![key], `${c.input.id}.${key}`).toEqual(value);
      }
    });
  });

  it('reads standard input with -', () => {
    const { code, stdout } = cli(['classify', '--rules', 'vn-2022-2026', '-'], JSON.stringify([cases[0]!.input]));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)[0].status).toBe(cases[0]!.expected.status);
  });

  it('classifies the valid inputs, marks the invalid ones, and lists their errors on stderr with exit 1', () => {
    const bad = { id: 'bad', area: 'hill', scoreA: -1 };
    const { code, stdout, stderr } = cli(['classify', '--rules', 'vn-2022-2026', '-'], JSON.stringify([cases[0]!.input, bad]));
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out[0].status).toBe(cases[0]!.expected.status);
    expect(out[1]).toEqual({ id: 'bad', status: 'invalid' });
    const errors = JSON.parse(stderr) as { id: string; errors: { path: string; message: string }[] }[];
    expect(errors[0]!.id).toBe('bad');
    expect(errors[0]!.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['area', 'scoreA', 'deprivations']));
  });

  it("uses the shipped rule sets, not an unconfirmed copy in the data folder; an administrator's file only when named", () => {
    const dataDir = tempDir();
    const copy = JSON.parse(fs.readFileSync(path.join(RESOURCES, 'standards', 'vn-2022-2026.json'), 'utf8'));
    copy.version = '2022.1-chua-xac-nhan';
    fs.mkdirSync(path.join(dataDir, 'standards'));
    const file = path.join(dataDir, 'standards', 'vn-2022-2026.json');
    fs.writeFileSync(file, JSON.stringify(copy));
    const cases = JSON.parse(fs.readFileSync(path.join(HANDBOOK_FIXTURES, 'engine-cases.json'), 'utf8')) as { input: unknown }[];
    const run = (args: string[]) => {
      const r = runCli(args, { input: JSON.stringify([cases[0]!.input]), dataDir });
      return { status: r.code, stdout: r.stdout, stderr: r.stderr };
    };
    const shipped = run(['classify', '--rules', 'vn-2022-2026', '-']);
    expect(shipped.status).toBe(0);
    expect(shipped.stdout).not.toContain('2022.1-chua-xac-nhan');
    const named = run(['classify', '--rules-file', file, '-']);
    expect(named.status).toBe(0);
    expect(named.stdout).toContain('2022.1-chua-xac-nhan');
    const bad = run(['classify', '--rules-file', path.join(dataDir, 'none.json'), '-']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Không tìm thấy tệp bộ tiêu chí/u);
  });

  it('an unknown rule set: exit 2 with one line', () => {
    const { code, stderr, stdout } = cli(['classify', '--rules', 'vn-1999', '-'], '[]');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/Không có bộ quy tắc "vn-1999"/u);
  });

  it('a rule set whose score cut-offs are unknown refuses with one clear line and exit 2', () => {
    const ids = ['employment', 'dependants', 'nutrition', 'healthInsurance', 'adultEducation', 'childSchooling', 'housingQuality', 'housingArea', 'water', 'sanitation', 'telecom', 'waste'];
    const input = [{ id: 'a', area: 'rural', scoreA: 100, deprivations: Object.fromEntries(ids.map((id) => [id, false])) }];
    const { code, stdout, stderr } = cli(['classify', '--rules', 'vn-2027-2030', '-'], JSON.stringify(input));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/Bộ quy tắc vn-2027-2030 chưa có ngưỡng điểm A/u);
    noStackTrace(stderr);
  });

  it('not JSON, a missing file, a bad option: one line, no stack trace, non-zero exit', () => {
    for (const [args, input, pattern] of [
      [['classify', '--rules', 'vn-2022-2026', '-'], '{oops', /không phải JSON hợp lệ/u],
      [['classify', '--rules', 'vn-2022-2026', '/no/such/file.json'], undefined, /Không tìm thấy tệp/u],
      [['classify', '--bogus'], undefined, /Tham số không hợp lệ/u],
      [['frobnicate'], undefined, /^Không có lệnh frobnicate\. Xem các lệnh: npm run -s cli -- help$/mu],
      [['demo', '--households', 'nhiều'], undefined, /phải là số nguyên/u],
    ] as const) {
      const { code, stderr } = cli([...args], input);
      expect(code, args.join(' ')).not.toBe(0);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr).toMatch(pattern);
      noStackTrace(stderr);
    }
  });
});

describe('rasoat backup and restore', () => {
  it('backs up to a verified copy and restores it', () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'rasoat.sqlite');
    const core = new Core({ dbPath: dbFile, resourcesDir: RESOURCES });
    seedSmall(core);
    const before = tableChecksums(core.db.sqlite);
    core.close();

    const out = path.join(dir, 'saved.sqlite');
    const b = cli(['backup', '--db', dbFile, '--out', out]);
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/Đã sao lưu và kiểm tra/u);

    const db = openDatabase(dbFile);
    db.sqlite.prepare('DELETE FROM members').run();
    db.close();

    const r = cli(['restore', '--db', dbFile, '--from', out]);
    expect(r.code).toBe(0);
    const again = openDatabase(dbFile, { readonly: true });
    expect(tableChecksums(again.sqlite)).toEqual(before);
    again.close();
  });

  it('refuses to overwrite an existing backup file', () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'rasoat.sqlite');
    openDatabase(dbFile).close();
    fs.writeFileSync(path.join(dir, 'exists.sqlite'), 'x');
    const b = cli(['backup', '--db', dbFile, '--out', path.join(dir, 'exists.sqlite')]);
    expect(b.code).not.toBe(0);
    expect(b.stderr).toMatch(/đã tồn tại/u);
  });

  it('refuses to restore from a file that is not a database', () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'rasoat.sqlite');
    openDatabase(dbFile).close();
    fs.writeFileSync(path.join(dir, 'junk.sqlite'), 'không phải CSDL');
    const r = cli(['restore', '--db', dbFile, '--from', path.join(dir, 'junk.sqlite')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Không mở được tệp dữ liệu/u);
    noStackTrace(r.stderr);
  });
});
