// Exchange package bench (issue 13, npm run bench, step "package"): N communes of M households
// each, exported from a demo-like source and merged one package after the other into one empty
// province database (as the province does with its hundred communes). Prints seconds per 10,000
// households of the imports (each one whole: open the sealed file, plan, backup, transaction) and
// the peak memory of the process doing them (its own child process).
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
import { importPackage } from '../../electron/core/exchange/import';
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

async function runImports(sourceDb: string, communes: number, size: number, dir: string): Promise<Record<string, unknown>> {
  const src = sourcePackage(sourceDb, dir);
  const provinceDb = path.join(dir, 'province.sqlite');
  const core = new Core({ dbPath: provinceDb, resourcesDir: RESOURCES, actor: 'bench', backupDir: path.join(dir, 'province-backups') });
  try {
    ensureRegister(core.db.sqlite, RESOURCES, 'bench');
    setupOffice(core.db.sqlite, PROVINCE, 'bench');
    const office = core.db.sqlite.prepare(`SELECT id FROM units WHERE code = ? AND level = 'province' ORDER BY valid_from DESC LIMIT 1`).pluck().get(PROVINCE) as number;
    const targets = communesInScope(core.db.sqlite, office, src.manifest.round.unitMapDate);
    if (targets.length < communes) throw new Error(`the province has ${targets.length} communes on ${src.manifest.round.unitMapDate}, fewer than ${communes}`);
    let importMs = 0;
    let backupMs = 0;
    let cpuMs = 0;
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
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = importPackage(core, file, PASS);
      importMs += performance.now() - t0;
      const c = process.cpuUsage(c0);
      cpuMs += (c.user + c.system) / 1000;
      if (!r.imported || r.preview.counts.new !== size) throw new Error(`commune ${unit.code}: ${JSON.stringify(r.preview.counts)}`);
      // The backup before each import (a copy of the whole province database so far) alone.
      const b0 = performance.now();
      fs.rmSync(core.backup('before-import').file);
      backupMs += performance.now() - b0;
      fs.rmSync(file);
      households += size;
      members += parts.members.length;
      if (r.backupFile) fs.rmSync(r.backupFile, { force: true });
    }
    const stored = core.db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get() as number;
    if (stored !== households) throw new Error(`${stored} households stored, ${households} imported`);
    return { ms: importMs, cpuMs, backupMs, households, members, communes, size, dbMb: fs.statSync(provinceDb).size / 1048576 };
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
    const out = execFileSync(process.execPath, ['--import', 'tsx', HERE, '--child', dbFile, String(communes), String(size), dir], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; cpuMs: number; backupMs: number; households: number; members: number; peakMb: number; dbMb: number };
    const s = per10k(r.ms, r.households);
    console.log(
      `package import  ${communes} communes × ${size} households (${r.members} members) into one province database (${r.dbMb.toFixed(1)} MB): ` +
        `${(r.ms / 1000).toFixed(2)} s, ${s.toFixed(2)} s per 10,000 households (processor time ${per10k(r.cpuMs, r.households).toFixed(2)} s; backup before each import alone ${per10k(r.backupMs, r.households).toFixed(2)} s), ` +
        `peak ${r.peakMb} MB (target ≤ ${PACKAGE_TARGET_S} s) ${s <= PACKAGE_TARGET_S ? 'OK' : 'OVER TARGET'}`,
    );
    return { package_import_s: s, package_import_cpu_s: per10k(r.cpuMs, r.households), package_import_peak_mb: r.peakMb, package_import_backup_s: per10k(r.backupMs, r.households) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const [, sourceDb, communes, size, dir] = argv as [string, string, string, string, string];
    runImports(sourceDb, Number(communes), Number(size), dir).then(
      (r) => console.log(JSON.stringify({ ...r, peakMb: peakMb() })),
      (e: unknown) => {
        console.error((e as Error).stack ?? String(e));
        process.exitCode = 1;
      },
    );
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
