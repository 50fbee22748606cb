// Excel exchange benchmarks (npm run bench): export of the district, import into an empty database,
// re-import (all unchanged). Each heavy step runs in its own process (this file, run with a step
// name), so its peak memory is its own.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../electron/core/db/connection';
import { exportList } from '../../electron/core/excel/export';
import { importHouseholdList, roundIdOfYear } from '../../electron/core/excel/import';
import { createRound } from '../../electron/core/rounds/rounds';
import { loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';

const HERE = fileURLToPath(import.meta.url);
const peakMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function runStep(step: string, dbFile: string, xlsx: string): Promise<Record<string, unknown>> {
  if (step === 'export') {
    const db = openDatabase(dbFile, { readonly: true });
    const t0 = performance.now();
    const r = await exportList(db.sqlite, { roundId: roundIdOfYear(db.sqlite, 2023), unitCode: '889', doc: 'DS', out: xlsx });
    db.close();
    return { ms: performance.now() - t0, households: r.households, members: r.members, bytes: fs.statSync(xlsx).size };
  }
  if (step === 'import-fresh') {
    const fresh = path.join(path.dirname(xlsx), 'fresh.sqlite');
    const db = openDatabase(fresh);
    loadUnits(db.sqlite, readUnitFile(path.resolve('resources', 'units', 'an-giang-chau-phu.json')));
    const roundId = createRound(
      db.sqlite,
      { year: 2023, kind: 'periodic', title: 'Bench', ruleSetId: 'vn-2022-2026', unitMapDate: '2023-09-01', referenceDate: '2023-09-01', scopeUnitId: unitIdAt(db.sqlite, '889', '2023-09-01')! },
      'bench',
    );
    const t0 = performance.now();
    const s = await importHouseholdList(db.sqlite, { file: xlsx, roundId, unitCode: '889', dryRun: false, actor: 'bench', backupDir: path.join(path.dirname(xlsx), 'backups') });
    const ms = performance.now() - t0;
    db.close();
    return { ms, households: s.households.created, members: s.members.created, errors: s.errors, imported: s.imported };
  }
  if (step === 'reimport') {
    const db = openDatabase(dbFile, { readonly: false });
    const t0 = performance.now();
    const s = await importHouseholdList(db.sqlite, { file: xlsx, roundId: roundIdOfYear(db.sqlite, 2023), unitCode: '889', dryRun: true, actor: 'bench' });
    const ms = performance.now() - t0;
    db.close();
    return { ms, unchanged: s.households.unchanged, changed: s.households.created + s.households.updated };
  }
  throw new Error(`unknown step ${step}`);
}

function child(step: string, dbFile: string, xlsx: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', HERE, step, dbFile, xlsx], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

const s = (ms: unknown): string => `${((ms as number) / 1000).toFixed(2)} s`;
const verdict = (ok: boolean): string => (ok ? 'OK' : 'OVER TARGET');

export async function bench(dbFile: string): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-bench-excel-'));
  const xlsx = path.join(dir, 'DS-889-2023.xlsx');
  try {
    const ex = child('export', dbFile, xlsx);
    console.log(
      `excel export    ${ex.households} households, ${ex.members} members, ${((ex.bytes as number) / 1048576).toFixed(1)} MB .xlsx: ` +
        `${s(ex.ms)}, peak ${ex.peakMb} MB (target ≤ 15 s) ${verdict((ex.ms as number) <= 15_000)}`,
    );
    const im = child('import-fresh', dbFile, xlsx);
    console.log(
      `excel import    ${im.households} households, ${im.members} members into an empty round: ${s(im.ms)}, peak ${im.peakMb} MB ` +
        `(target ≤ 20 s, ≤ 600 MB) ${verdict((im.ms as number) <= 20_000 && (im.peakMb as number) <= 600 && im.errors === 0)}`,
    );
    const re = child('reimport', dbFile, xlsx);
    console.log(`excel re-import ${re.unchanged} households unchanged, ${re.changed} changed (preview): ${s(re.ms)}, peak ${re.peakMb} MB`);
    const sec = (v: unknown): number => (v as number) / 1000;
    return {
      excel_export_s: sec(ex.ms),
      excel_export_peak_mb: ex.peakMb as number,
      excel_import_s: sec(im.ms),
      excel_import_peak_mb: im.peakMb as number,
      excel_reimport_s: sec(re.ms),
      excel_reimport_peak_mb: re.peakMb as number,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  const [step, dbFile, xlsx] = process.argv.slice(2) as [string, string, string];
  runStep(step, dbFile, xlsx).then(
    (result) => console.log(JSON.stringify({ step, ...result, peakMb: peakMb() })),
    (e: unknown) => {
      console.error((e as Error).message);
      process.exitCode = 1;
    },
  );
}
