// Exchange package bench (issue 13, npm run bench, step "package"): N communes of M households
// each, exported from a demo-like source and merged one package after the other into one empty
// province database in ONE batch (importPackages: as the province does with its hundred communes:
// one backup, then each package in its own transaction). Prints seconds per 10,000 households of
// the batch (each package whole: open the sealed file, plan, transaction; the batch's one backup
// included, and also printed apart), the processor time, the peak memory of the process doing it
// (its own child process), and apart the time of a backup of the merged database (what the next
// batch's one backup costs).
//
// Through run.ts: the bench's demo database is the source; M = 10,000 (fewer when the bench is
// smaller), N = households ÷ M (at most 100): at full scale (1,000,000) 100 × 10,000.
// Alone: node --import tsx test/bench/package.ts --source DEMO.sqlite [--communes N] [--households M]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Core } from '../../electron/core/core';
import { exportPackage } from '../../electron/core/exchange/export';
import { readPackage, writePackage, PART_NAMES, type Package, type Parts, type Row } from '../../electron/core/exchange/format';
import { importPackages, importPhases } from '../../electron/core/exchange/import';
import { setupOffice } from '../../electron/core/units/office';
import { ensureRegister } from '../../electron/core/units/register';
import { communesInScope } from '../../electron/core/units/scope';
import { parseBenchArgs } from './args';

const HERE = fileURLToPath(import.meta.url);
const RESOURCES = path.resolve('resources');
const PASS = 'bench-passphrase';
const PROVINCE = '91';
const peakMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
export const PACKAGE_TARGET_S = 2;

/** The source commune's package, made by the real exporter from the demo's 2025 round (its largest commune). */
function sourcePackage(sourceDb: string, dir: string): Package {
  const core = new Core({ dbPath: sourceDb, resourcesDir: RESOURCES, actor: 'bench', backupDir: path.join(dir, 'source-backups') });
  try {
    const s = core.db.sqlite;
    const year = s.prepare('SELECT MAX(year) FROM rounds').pluck().get() as number;
    const code = s
      .prepare(`SELECT u.code FROM households h JOIN rounds r ON r.id = h.round_id JOIN units u ON u.id = h.commune_id WHERE r.year = ? GROUP BY u.code ORDER BY COUNT(*) DESC LIMIT 1`)
      .pluck()
      .get(year) as string;
    const file = path.join(dir, 'source.pkg');
    exportPackage(core, { roundYear: year, unitCode: code, out: file, passphrase: PASS });
    const pkg = readPackage(file, PASS);
    fs.rmSync(file);
    return pkg;
  } finally {
    core.close();
  }
}

/**
 * The source package as commune `unit`'s with exactly `size` households: the source's households
 * taken in turn (again, with new codes and person keys, when it has fewer), every household code
 * and person key renamed into the target commune, so that the hundred packages are a hundred
 * communes' data.
 */
function communeParts(src: Package, unit: { code: string }, size: number): Parts {
  const p = src.parts;
  const srcCodes = p.households.map((h) => h.code as string);
  const householdOf = new Map(p.households.map((h) => [h.code as string, h]));
  const byHousehold = new Map<string, Map<PartName, Row[]>>();
  type PartName = (typeof PART_NAMES)[number];
  for (const name of PART_NAMES) {
    for (const r of p[name]) {
      const code = r.household as string | undefined;
      if (code === undefined) continue;
      let m = byHousehold.get(code);
      if (!m) byHousehold.set(code, (m = new Map()));
      const list = m.get(name);
      if (list) list.push(r);
      else m.set(name, [r]);
    }
  }
  const out = Object.fromEntries(PART_NAMES.map((n) => [n, [] as Row[]])) as unknown as Parts;
  // The commune's own rows (villages, workflow records, snapshots) once; its audit rows of households are dropped (ids differ).
  // Village codes are national (units: code and valid_from): renamed into the target commune.
  const tag = unit.code;
  const village = (v: unknown): unknown => (typeof v === 'string' ? `${tag}.${v}` : v);
  for (const name of ['rule_set_snapshots', 'postings', 'district_opinions', 'decisions', 'round_locks'] as const) out[name] = p[name];
  out.villages = p.villages.map((v) => ({ ...v, code: village(v.code) }));
  out.village_meetings = p.village_meetings.map((v) => ({ ...v, village: village(v.village) }));
  for (let i = 0; i < size; i++) {
    const from = srcCodes[i % srcCodes.length]!;
    const lap = Math.floor(i / srcCodes.length);
    const code = `${tag}-${String(i + 1).padStart(6, '0')}`;
    const key = (k: unknown): unknown => (typeof k === 'string' ? `${tag}${lap}-${k}` : k);
    const h = householdOf.get(from)!;
    out.households.push({ ...h, code, village: village(h.village) });
    for (const [name, rows] of byHousehold.get(from) ?? []) {
      if (name === 'audit') continue;
      for (const r of rows) {
        const row: Row = { ...r, household: code };
        if ('person_key' in r) row.person_key = key(r.person_key);
        if ('related_household' in r) row.related_household = null;
        out[name].push(row);
      }
    }
  }
  return out;
}

/** The hundred commune files as the province receives them. */
function makeFiles(core: Core, sourceDb: string, communes: number, size: number, dir: string): { files: string[]; households: number; members: number } {
  const src = sourcePackage(sourceDb, dir);
  const office = core.db.sqlite.prepare(`SELECT id FROM units WHERE code = ? AND level = 'province' ORDER BY valid_from DESC LIMIT 1`).pluck().get(PROVINCE) as number;
  const targets = communesInScope(core.db.sqlite, office, src.manifest.round.unitMapDate);
  if (targets.length < communes) throw new Error(`the province has ${targets.length} communes on ${src.manifest.round.unitMapDate}, fewer than ${communes}`);
  const files: string[] = [];
  let households = 0;
  let members = 0;
  for (let i = 0; i < communes; i++) {
    const t = targets[i]!;
    const unit = core.db.sqlite.prepare('SELECT code, name, type, valid_from AS validFrom FROM units WHERE id = ?').get(t.id) as Package['manifest']['unit'];
    const parts = communeParts(src, unit, size);
    const file = path.join(dir, `${unit.code}.pkg`);
    const { parts: _omit, ...manifest } = src.manifest;
    void _omit;
    writePackage(file, { ...manifest, packageId: `bench-${unit.code}`, unit, createdAt: new Date().toISOString() }, parts, PASS);
    files.push(file);
    households += size;
    members += parts.members.length;
  }
  return { files, households, members };
}

/** The first child: the province database (register, office) and the commune files, in a process of their own. */
function makeProvince(sourceDb: string, communes: number, size: number, dir: string): { files: string[]; households: number; members: number } {
  const core = new Core({ dbPath: path.join(dir, 'province.sqlite'), resourcesDir: RESOURCES, actor: 'bench', backupDir: path.join(dir, 'province-backups') });
  try {
    ensureRegister(core.db.sqlite, RESOURCES, 'bench');
    setupOffice(core.db.sqlite, PROVINCE, 'bench');
    return makeFiles(core, sourceDb, communes, size, dir);
  } finally {
    core.close();
  }
}

/** The second child: the batch import alone (its peak memory is the import's). */
function runImports(made: { files: string[]; households: number; members: number }, communes: number, size: number, dir: string): Record<string, unknown> {
  const provinceDb = path.join(dir, 'province.sqlite');
  const { files, households, members } = made;
  const core = new Core({ dbPath: provinceDb, resourcesDir: RESOURCES, actor: 'bench', backupDir: path.join(dir, 'province-backups') });
  try {
    // One batch, as the province imports its communes: one backup, then each package in its own transaction.
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    // Each package's time: a database that grows must not make the later packages slower.
    const each: number[] = [];
    let last = t0;
    const r = importPackages(core, files, PASS, {
      onProgress: () => {
        const now = performance.now();
        each.push(now - last);
        last = now;
        // A line every tenth package (stderr): a long run can be followed, and judged if cut short.
        if (each.length % 10 === 0) console.error(`  ${each.length} packages, ${((now - t0) / 1000).toFixed(1)} s, the last ${(each[each.length - 1]! / 1000).toFixed(2)} s`);
      },
    });
    const importMs = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    const sysMs = c.system / 1000;
    const peakImportMb = peakMb();
    for (const item of r.items) {
      if (!item.ok) throw new Error(`${item.file}: ${item.error}`);
      if (!item.result.imported || item.result.preview.counts.new !== size) throw new Error(`${item.file}: ${JSON.stringify(item.result.preview.counts)}`);
    }
    if (r.items.length !== communes) throw new Error(`${r.items.length} packages imported of ${communes}`);
    const backupMs = r.backupMs;
    if (r.backupFile) fs.rmSync(r.backupFile, { force: true });
    for (const f of files) fs.rmSync(f, { force: true });
    // The batch's backup above copied the province database as it was before (empty here). A
    // later batch into the merged database copies all of it once: timed here, reported apart.
    const f0 = performance.now();
    fs.rmSync(core.backup('before-import').file);
    const fullBackupMs = performance.now() - f0;
    const stored = core.db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get() as number;
    if (stored !== households) throw new Error(`${stored} households stored, ${households} imported`);
    const quarter = Math.max(1, Math.floor(each.length / 4));
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Each phase's processor time per 10,000 households (import.ts importPhases; the apply's parts are inside "apply", which is inside "transaction").
    const phases = Object.fromEntries(Object.entries(importPhases).map(([k, v]) => [k, Number((per10k(v.cpuMs, households)).toFixed(3))]));
    return { firstMs: mean(each.slice(0, quarter)), lastMs: mean(each.slice(-quarter)), ms: importMs, cpuMs, sysMs, backupMs, fullBackupMs, households, members, communes, size, peakImportMb, phases, dbMb: fs.statSync(provinceDb).size / 1048576 };
  } finally {
    core.close();
  }
}

const per10k = (ms: number, households: number): number => ms / 1000 / (households / 10_000);

/** The bench step (run.ts): the bench's demo database is the source. */
export async function bench(dbFile: string, options: { communes?: number; households?: number } = {}): Promise<Record<string, number>> {
  let total = 60_000;
  try {
    total = parseBenchArgs(process.argv.slice(2), process.env).households;
  } catch {
    // Not run by run.ts: its default.
  }
  const size = options.households ?? Math.min(10_000, total);
  const communes = options.communes ?? Math.max(1, Math.min(100, Math.round(total / size)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-bench-package-'));
  try {
    const child = (args: string[], prof: string[] = []): string =>
      execFileSync(process.execPath, [...prof, '--import', 'tsx', HERE, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
    const made = child(['--make', dbFile, String(communes), String(size), dir]).trim().split('\n').pop()!;
    fs.writeFileSync(path.join(dir, 'made.json'), made);
    // BENCH_CPU_PROF=DIR: the importing process is profiled (node --cpu-prof), the profile left in DIR.
    const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
    const out = child(['--child', String(communes), String(size), dir], prof);
    const r = JSON.parse(out.trim().split('\n').pop()!) as {
      ms: number;
      cpuMs: number;
      sysMs: number;
      firstMs: number;
      lastMs: number;
      backupMs: number;
      fullBackupMs: number;
      households: number;
      members: number;
      peakMb: number;
      peakImportMb: number;
      phases: Record<string, number>;
      dbMb: number;
    };
    const s = per10k(r.ms, r.households);
    console.log(
      `package import  ${communes} communes × ${size} households (${r.members} members) in one batch into one province database (${r.dbMb.toFixed(1)} MB): ` +
        `${(r.ms / 1000).toFixed(2)} s, ${s.toFixed(2)} s per 10,000 households, the batch's one backup included (${(r.backupMs / 1000).toFixed(2)} s); ` +
        `a package of the first quarter ${(r.firstMs / 1000).toFixed(2)} s, of the last quarter ${(r.lastMs / 1000).toFixed(2)} s; ` +
        `processor time ${per10k(r.cpuMs, r.households).toFixed(2)} s per 10,000 (system ${per10k(r.sysMs, r.households).toFixed(2)} s); peak ${r.peakImportMb} MB (the importing process; the files are made by another) ` +
        `(target ≤ ${PACKAGE_TARGET_S} s) ${s <= PACKAGE_TARGET_S ? 'OK' : 'OVER TARGET'}; ` +
        `a backup of the merged database (taken once before a later batch, not included) ${(r.fullBackupMs / 1000).toFixed(2)} s`,
    );
    console.log(`  processor time per 10,000 households by phase (s): ${Object.entries(r.phases).map(([k, v]) => `${k} ${v.toFixed(2)}`).join('; ')}`);
    return {
      package_import_s: s,
      package_import_cpu_s: per10k(r.cpuMs, r.households),
      package_import_peak_mb: r.peakImportMb,
      package_import_backup_s: r.backupMs / 1000,
      package_import_first_quarter_s: r.firstMs / 1000,
      package_import_last_quarter_s: r.lastMs / 1000,
      package_backup_merged_s: r.fullBackupMs / 1000,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  const argv = process.argv.slice(2);
  const report = (fn: () => unknown): void => {
    try {
      console.log(JSON.stringify(fn()));
    } catch (e) {
      console.error((e as Error).stack ?? String(e));
      process.exitCode = 1;
    }
  };
  if (argv[0] === '--make') {
    const [, sourceDb, communes, size, dir] = argv as [string, string, string, string, string];
    report(() => makeProvince(sourceDb, Number(communes), Number(size), dir));
  } else if (argv[0] === '--child') {
    const [, communes, size, dir] = argv as [string, string, string, string];
    const made = JSON.parse(fs.readFileSync(path.join(dir, 'made.json'), 'utf8')) as { files: string[]; households: number; members: number };
    report(() => ({ ...runImports(made, Number(communes), Number(size), dir), peakMb: peakMb() }));
  } else {
    const opt = (name: string): string | undefined => {
      const i = argv.indexOf(name);
      return i >= 0 ? argv[i + 1] : undefined;
    };
    const source = opt('--source');
    if (!source) throw new Error('--source DEMO.sqlite: a demo database (npm run demo) to take the communes from');
    const communes = opt('--communes');
    const households = opt('--households');
    void bench(source, { communes: communes ? Number(communes) : 1, households: households ? Number(households) : 10_000 }).then((f) => console.log(JSON.stringify(f)));
  }
}
