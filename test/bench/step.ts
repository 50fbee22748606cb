// One benchmark step in its own process, so that its peak memory is its own. Prints one JSON line.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LAST_PAGE, listCombinations, listTargets, MIDDLE_PAGE, type ListInput } from './list-combinations';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/connection';
import { buildDemo } from '../../electron/core/demo/generate';
import { loadContext } from '../../electron/core/documents/context';
import { renderPdf } from '../../electron/core/documents/pdf';
import { reportDocument, reportTables } from '../../electron/core/documents/report';
import { classifyRound } from '../../electron/core/rounds/classify';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import { readUnitFile } from '../../electron/core/units/units';

const RESOURCES = path.resolve('resources');
const [step, dbFile, arg] = process.argv.slice(2) as [string, string, string?];
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
/** CPU time (user + system, ms) of this process since `from` (the machine is shared: wall time alone says little). */
const cpuMs = (from?: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<Record<string, unknown>> {
  if (step === 'demo') {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const db = openDatabase(dbFile);
    // Each phase's wall and CPU time (ms), to see where a build's time goes.
    const phases: Record<string, { ms: number; cpuMs: number }> = {};
    const summary = buildDemo(db.sqlite, loadRuleSets([path.join(RESOURCES, 'standards')]), readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), {
      households: Number(arg ?? 60000),
      seed: 2023,
      onPhase: (phase, ms, cpu) => (phases[phase] = { ms: Math.round(ms), cpuMs: Math.round(cpu) }),
    });
    db.close();
    return { ms: performance.now() - t0, cpuMs: cpuMs(c0), households: summary.households, members: summary.members, phases };
  }
  // Closed at the end, so that no lock folder of this process is left beside the database.
  const core = new Core({ dbPath: dbFile, resourcesDir: RESOURCES });
  try {
    return await stepOn(core);
  } finally {
    core.close();
  }
}

/** The steps on an open database (all but the demo, which builds a new file). */
async function stepOn(core: Core): Promise<Record<string, unknown>> {
  const sqlite = core.db.sqlite;
  const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
  if (step === 'classify') {
    // First classification of the round (its results cleared beforehand, untimed), then a re-run.
    sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ?)').run(round);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const s = classifyRound(sqlite, core.registry, round, { actor: 'bench' });
    const first = performance.now() - t0;
    const firstCpu = cpuMs(c0);
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    classifyRound(sqlite, core.registry, round, { actor: 'bench' });
    return { ms: first, cpuMs: firstCpu, againMs: performance.now() - t1, againCpuMs: cpuMs(c1), households: s.classified + s.skipped };
  }
  const services = createServices(core);
  const { biggest, village, searches } = await listTargets(services, sqlite, round);
  const time = async (input: ListInput, runs: number): Promise<{ medianMs: number; maxMs: number; total: number }> => {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await services['households.list'](input as never);
      times.push(performance.now() - t0);
      total = r.total;
    }
    return { medianMs: median(times), maxMs: Math.max(...times), total };
  };
  if (step === 'list') {
    const runs = Number(arg ?? 5);
    const all = (await services['households.list']({ roundId: round, limit: 1, offset: 0, sort: 'name', dir: 'asc' })).total;
    const results: { label: string; medianMs: number; maxMs: number }[] = [];
    // A part of the combinations only, for a closer look (BENCH_LIST_ONLY=regular expression on the label).
    const only = process.env.BENCH_LIST_ONLY ? new RegExp(process.env.BENCH_LIST_ONLY, 'u') : undefined;
    for (const c of listCombinations(round, biggest.id, village.id, searches).filter((x) => !only || only.test(x.label))) {
      const offset = c.input.offset === MIDDLE_PAGE ? Math.floor(all / 2) : c.input.offset === LAST_PAGE ? Math.max(0, all - 100) : c.input.offset;
      const r = await time({ ...c.input, offset }, runs);
      results.push({ label: c.label, medianMs: r.medianMs, maxMs: r.maxMs });
    }
    const medians = results.map((r) => r.medianMs);
    // Every combination's figures, for a closer look (BENCH_LIST_DETAIL=FILE).
    if (process.env.BENCH_LIST_DETAIL) fs.writeFileSync(process.env.BENCH_LIST_DETAIL, `${JSON.stringify(results, null, 1)}\n`);
    return {
      figures: {
        list_combinations: results.length,
        list_worst_median_ms: Math.max(...medians),
        list_worst_max_ms: Math.max(...results.map((r) => r.maxMs)),
        list_median_ms: median(medians),
        list_over_target: results.filter((r) => r.medianMs > 50).length,
      },
      worst: [...results].sort((a, b) => b.medianMs - a.medianMs).slice(0, 8),
    };
  }
  if (step === 'search') {
    const times: number[] = [];
    for (const q of Object.values(searches)) {
      for (const sort of ['name', 'code'] as const) {
        const r = await time({ roundId: round, search: q, sort, dir: 'asc', offset: 0, limit: 100 }, 7);
        times.push(r.medianMs);
      }
    }
    return { queries: times.length, figures: { search_median_ms: median(times), search_max_ms: Math.max(...times) } };
  }
  if (step === 'report') {
    // The whole province: the top of the round's scope chain.
    const province = sqlite
      .prepare(
        `WITH RECURSIVE up(id, level, parent_id) AS (SELECT id, level, parent_id FROM units WHERE id = (SELECT scope_unit_id FROM rounds WHERE id = ?)
           UNION ALL SELECT u.id, u.level, u.parent_id FROM units u JOIN up ON u.id = up.parent_id)
         SELECT id FROM up WHERE level = 'province'`,
      )
      .pluck()
      .get(round) as number;
    // The whole document (its figures, then the PDF), then the figures alone.
    const t0 = performance.now();
    const ctx = loadContext(sqlite, round, province);
    const out = await renderPdf(RESOURCES, reportDocument(sqlite, ctx), 'BC');
    const ms = performance.now() - t0;
    const t1 = performance.now();
    const tables = reportTables(sqlite, ctx);
    const figuresMs = performance.now() - t1;
    return { ms, figuresMs, tables: tables.length, communes: ctx.communes.length, scope: ctx.unit.name, pages: out.pages };
  }
  throw new Error(`unknown step ${step}`);
}

void main().then((r) => console.log(JSON.stringify({ step, ...r, peakMb: peakMb() })));
