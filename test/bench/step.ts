// One benchmark step in its own process, so that its peak memory is its own. Prints one JSON line.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/connection';
import { buildDemo } from '../../electron/core/demo/generate';
import { classifyRound } from '../../electron/core/rounds/classify';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import { readUnitFile } from '../../electron/core/units/units';

const RESOURCES = path.resolve('resources');
const [step, dbFile, arg] = process.argv.slice(2) as [string, string, string?];
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function main(): Promise<Record<string, unknown>> {
  if (step === 'demo') {
    const t0 = performance.now();
    const db = openDatabase(dbFile);
    const summary = buildDemo(db.sqlite, loadRuleSets([path.join(RESOURCES, 'standards')]), readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), {
      households: Number(arg ?? 60000),
      seed: 2023,
    });
    db.close();
    return { ms: performance.now() - t0, households: summary.households, members: summary.members };
  }
  const core = new Core({ dbPath: dbFile, resourcesDir: RESOURCES });
  const round = core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
  if (step === 'classify') {
    // First classification of the round (its results cleared beforehand, untimed), then a re-run.
    core.db.sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ?)').run(round);
    const t0 = performance.now();
    const s = classifyRound(core.db.sqlite, core.registry, round, { actor: 'bench' });
    const first = performance.now() - t0;
    const t1 = performance.now();
    classifyRound(core.db.sqlite, core.registry, round, { actor: 'bench' });
    return { ms: first, againMs: performance.now() - t1, households: s.classified + s.skipped };
  }
  if (step === 'list') {
    const services = createServices(core);
    const communes = await services['units.communes']({ roundId: round });
    const biggest = communes.reduce((a, b) => (b.householdCount > a.householdCount ? b : a));
    const queries = [
      { label: 'whole district, sorted by name, page 200', input: { roundId: round, sort: 'name' as const, dir: 'asc' as const, offset: 20_000, limit: 100 } },
      { label: `commune ${biggest.name}, poor, sorted by name`, input: { roundId: round, communeId: biggest.id, status: 'poor' as const, sort: 'name' as const, dir: 'asc' as const, offset: 0, limit: 100 } },
      { label: 'district search "nguyen van", sorted by name desc', input: { roundId: round, search: 'nguyen van', sort: 'name' as const, dir: 'desc' as const, offset: 0, limit: 100 } },
      { label: 'district sorted by score A', input: { roundId: round, sort: 'scoreA' as const, dir: 'asc' as const, offset: 0, limit: 100 } },
    ];
    const out: Record<string, unknown> = {};
    for (const q of queries) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < 21; i++) {
        const t0 = performance.now();
        const r = await services['households.list'](q.input);
        times.push(performance.now() - t0);
        total = r.total;
      }
      times.sort((a, b) => a - b);
      out[q.label] = { medianMs: times[10], maxMs: times[20], total };
    }
    return out;
  }
  throw new Error(`unknown step ${step}`);
}

void main().then((r) => console.log(JSON.stringify({ step, ...r, peakMb: peakMb() })));
