// Documents' benchmarks (npm run bench): each heavy step in its own process, so that its peak
// memory is its own. Run as a module, bench() drives the steps; run as a script, it is one step.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(import.meta.url);
const RESOURCES = path.resolve(path.dirname(HERE), '..', '..', 'resources');

type StepResult = Record<string, number | string>;

function runStep(name: string, dbFile: string): StepResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', HERE, name, dbFile], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop()!) as StepResult;
}

const verdict = (ok: boolean): string => (ok ? 'OK' : 'OVER TARGET');
const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export async function bench(dbFile: string): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const key = (name: string): string => `documents_${name.replace(/-/gu, '_')}`;
  console.log('documents (PDF, pdfmake + Tinos; targets ≤ 0.6 ms a row, ≤ 1 GB for 20,000 rows, dossier ≤ 10 s)');
  for (const [name, label] of [
    ['district-list', 'district poor/near-poor list'],
    ['commune-list', 'biggest commune, list to review (P1)'],
    ['rows-20000', '20,000-row list (P1 layout, several communes)'],
  ] as const) {
    const r = runStep(name, dbFile);
    const perRow = (r.ms as number) / (r.rows as number);
    const cpuPerRow = (r.cpuMs as number) / (r.rows as number);
    const memOk = name !== 'rows-20000' || (r.peakMb as number) <= 1024;
    figures[`${key(name)}_s`] = (r.ms as number) / 1000;
    figures[`${key(name)}_ms_per_row`] = perRow;
    figures[`${key(name)}_peak_mb`] = r.peakMb as number;
    console.log(
      `  ${label}: ${r.rows} rows, ${r.pages} pages, ${((r.bytes as number) / 1048576).toFixed(1)} MB PDF: ${sec(r.ms as number)} ` +
        `(${perRow.toFixed(3)} ms a row; CPU ${cpuPerRow.toFixed(3)} ms a row), peak ${r.peakMb} MB ${verdict(perRow <= 0.6 && memOk)}`,
    );
  }
  for (const [name, label] of [
    ['survey-village', 'Phiếu B filled in from last round, biggest village'],
    ['survey-commune', 'Phiếu B filled in from last round, biggest commune (rendered in batches)'],
  ] as const) {
    const r = runStep(name, dbFile);
    figures[`${key(name)}_s`] = (r.ms as number) / 1000;
    figures[`${key(name)}_peak_mb`] = r.peakMb as number;
    console.log(
      `  ${label}: ${r.households} households, ${r.pages} pages, ${((r.bytes as number) / 1048576).toFixed(1)} MB PDF: ${sec(r.ms as number)} ` +
        `(${((r.ms as number) / (r.households as number)).toFixed(1)} ms a household), peak ${r.peakMb} MB ${verdict((r.peakMb as number) <= 1536)}`,
    );
  }
  const d = runStep('dossier', dbFile);
  figures.documents_dossier_s = (d.ms as number) / 1000;
  figures.documents_dossier_peak_mb = d.peakMb as number;
  figures.documents_dossier_max_gap_ms = d.maxGapMs as number;
  console.log(
    `  commune dossier (${d.commune}, in a worker): ${d.pages} pages, ${sec(d.ms as number)} (CPU ${sec(d.cpuMs as number)}), peak ${d.peakMb} MB, ` +
      `main thread's longest pause ${(d.maxGapMs as number).toFixed(0)} ms ${verdict((d.ms as number) <= 10_000 && (d.maxGapMs as number) < 200)}`,
  );
  return figures;
}

// ----- one step, in a child process -----

async function step(name: string, dbFile: string): Promise<StepResult> {
  const { openDatabase } = await import('../../electron/core/db/connection');
  const { loadContext, unitByCode } = await import('../../electron/core/documents/context');
  const { poorNearPoorList, reviewList } = await import('../../electron/core/documents/lists');
  const { renderPdf } = await import('../../electron/core/documents/pdf');
  const { listRows } = await import('../../electron/core/documents/queries');
  const db = openDatabase(dbFile, { readonly: true });
  const sqlite = db.sqlite;
  const roundId = sqlite.prepare("SELECT id FROM rounds WHERE year = 2023 AND kind = 'periodic'").pluck().get() as number;
  const district = unitByCode(sqlite, '889', '2023-09-01')!;
  const biggest = sqlite
    .prepare('SELECT commune_id FROM households WHERE round_id = ? GROUP BY commune_id ORDER BY COUNT(*) DESC LIMIT 1')
    .pluck()
    .get(roundId) as number;
  if (name === 'dossier') {
    db.close();
    const { Core } = await import('../../electron/core/core');
    const core = new Core({ dbPath: dbFile, resourcesDir: RESOURCES });
    let maxGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage(); // the whole process: the worker's thread included
    const { id } = core.jobs.start('documents.dossier', { roundId, unitId: biggest });
    const final = await core.jobs.wait(id);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(timer);
    if (final.state !== 'done') throw new Error(`dossier ${final.state}: ${final.error?.message ?? ''}`);
    const files = (final.result as { files: { pages: number }[] }).files;
    const commune = core.db.sqlite.prepare('SELECT name FROM units WHERE id = ?').pluck().get(biggest) as string;
    fs.rmSync(core.jobs.outDirOf(id), { recursive: true, force: true });
    await core.jobs.close();
    core.close();
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, pages: files[0]!.pages, maxGapMs: maxGap, commune };
  }
  if (name === 'survey-village' || name === 'survey-commune') {
    // Through renderDocument, as the job and the CLI print it (batches above BATCH_PARTS forms).
    const { renderDocument } = await import('../../electron/core/documents/render');
    const village = sqlite
      .prepare('SELECT village_id FROM households WHERE round_id = ? AND village_id IS NOT NULL GROUP BY village_id ORDER BY COUNT(*) DESC LIMIT 1')
      .pluck()
      .get(roundId) as number;
    const communeOf = sqlite.prepare('SELECT parent_id FROM units WHERE id = ?').pluck().get(village) as number;
    const unitId = name === 'survey-village' ? communeOf : biggest;
    const villageId = name === 'survey-village' ? village : null;
    const households = sqlite
      .prepare('SELECT COUNT(*) FROM households WHERE round_id = ? AND commune_id = ? AND (? IS NULL OR village_id = ?)')
      .pluck()
      .get(roundId, unitId, villageId, villageId) as number;
    db.close();
    const t0 = performance.now();
    const out = await renderDocument({ dbPath: dbFile, resourcesDir: RESOURCES, roundId, unitId }, 'PB', () => {}, { prefill: true, householdId: null, villageId });
    return { ms: performance.now() - t0, households, pages: out.pages, bytes: out.pdf.length };
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let parts;
  let rows: number;
  if (name === 'district-list') {
    const ctx = loadContext(sqlite, roundId, district.id);
    rows = listRows(sqlite, roundId, ctx.communes.map((c) => c.id), 'poor_or_near_poor').length;
    parts = [poorNearPoorList(sqlite, ctx)];
  } else if (name === 'commune-list') {
    const ctx = loadContext(sqlite, roundId, biggest);
    rows = listRows(sqlite, roundId, [biggest], 'reviewed').length;
    parts = [reviewList(sqlite, ctx)];
  } else if (name === 'rows-20000') {
    // The review list's layout over as many communes as make 20,000 rows (a commune never has that many).
    const ctx = loadContext(sqlite, roundId, biggest);
    const all = loadContext(sqlite, roundId, district.id).communes;
    const chosen: typeof all = [];
    rows = 0;
    for (const c of all) {
      if (rows >= 20_000) break;
      chosen.push(c);
      rows += listRows(sqlite, roundId, [c.id], 'reviewed').length;
    }
    parts = [reviewList(sqlite, { ...ctx, communes: chosen })];
  } else {
    throw new Error(`unknown step ${name}`);
  }
  const out = await renderPdf(RESOURCES, parts, name);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  db.close();
  // CPU time besides wall time: on a shared machine the wall clock also counts other processes' turns.
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, rows, pages: out.pages, bytes: out.pdf.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  const [name, dbFile] = process.argv.slice(2) as [string, string];
  void step(name, dbFile).then((r) => console.log(JSON.stringify({ ...r, peakMb: Math.round(process.resourceUsage().maxRSS / 1024) })));
}
