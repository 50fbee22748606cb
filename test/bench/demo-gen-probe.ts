// Probe: the demo's drawing of households and their forms alone (demo/households.ts), no database:
// npx tsx test/bench/demo-gen-probe.ts N [hash]. Prints the CPU and, with "hash", a digest of every
// form drawn (the same before and after a change that must not change the data).
import crypto from 'node:crypto';
import path from 'node:path';
import type { Status } from '../../shared/engine/ruleset';
import { ageOneYear, causesFor, formsOf, IdNumbers, newHousehold, type GenContext, type RoundSpec } from '../../electron/core/demo/households';
import { mulberry32 } from '../../electron/core/demo/random';
import { loadRuleSets } from '../../electron/core/rulesets/load';

const [n = '100000', hashIt] = process.argv.slice(2);
const rs = loadRuleSets([path.resolve('resources', 'standards')]).require('vn-2022-2026');
const spec = (referenceDate: string, index: number): RoundSpec => ({
  referenceDate,
  index,
  indicatorIds: rs.indicators.value!.map((i) => i.id),
  cutoff: rs.scoreA.value!.cutoff,
  middleBand: rs.middleIncome.value!,
});
const specs = [spec('2022-09-01', 0), spec('2023-09-01', 1)];
const rng = mulberry32(7);
const ctx: GenContext = { rng, ids: new IdNumbers(7919, 4242) };
const formRng = mulberry32(8);
const causeRng = mulberry32(9);
const STATUSES: Status[] = ['poor', 'near_poor', 'middle_income', 'neither', 'neither', 'neither', 'neither'];
const ETH = ['Kinh', 'Kinh', 'Kinh', 'Kinh', 'Kinh', 'Kinh', 'Khmer', 'Hoa', 'Chăm', 'Kinh'] as const;
const hash = crypto.createHash('sha256');
const place = { communeId: 1, villageId: 2, area: 'rural' as const };
const c0 = process.cpuUsage();
for (let i = 0; i < Number(n); i++) {
  const h = newHousehold(ctx, { code: `30001-${String(i).padStart(5, '0')}`, commune: 0, village: 0, address: 'Tổ 3, ấp Mỹ Hòa', ethnicity: ETH[i % 10]!, refYear: 2022 });
  for (let r = 0; r < 2; r++) {
    if (r === 1) ageOneYear(ctx, h, specs[1]!.referenceDate);
    const status = STATUSES[(i + r) % STATUSES.length]!;
    const form = formsOf(formRng, h, status, specs[r]!, place);
    form.causes = causesFor(causeRng, form, status);
    if (hashIt) hash.update(JSON.stringify(form));
  }
}
const c = process.cpuUsage(c0);
console.log(`${n} households × 2 rounds: CPU ${((c.user + c.system) / 1000).toFixed(0)} ms${hashIt ? `, digest ${hash.digest('hex').slice(0, 16)}` : ''}`);
