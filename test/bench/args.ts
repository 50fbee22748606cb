// The bench's command line (npm run bench -- …) and its targets; kept apart so that a test reads them.

/** Every figure the bench writes, by its stable key (README.md, "Đo hiệu năng"). */
export type Figures = Record<string, number>;

export const BENCH_STEPS = ['demo', 'classify', 'list', 'search', 'report', 'entry', 'documents', 'excel', 'package'] as const;
export type BenchStep = (typeof BENCH_STEPS)[number];

/** Targets at 1,000,000 households a round, two rounds, on a 2-core machine. */
export const TARGETS = {
  demo_s: 180,
  demo_peak_mb: 2048,
  classify_s: 10,
  classify_peak_mb: 1536,
  list_worst_median_ms: 50,
  list_worst_max_ms: 150,
  search_median_ms: 50,
  report_s: 15,
} as const;

export interface BenchArgs {
  households: number;
  steps: BenchStep[];
  json: string | undefined;
  /** An existing bench database to reuse (its demo is kept); absent: a new one in a temporary folder. */
  db: string | undefined;
  /** Runs of each list combination. */
  listRuns: number;
}

export function parseBenchArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): BenchArgs {
  const out: BenchArgs = { households: Number(env.BENCH_HOUSEHOLDS ?? 60_000), steps: [...BENCH_STEPS], json: undefined, db: undefined, listRuns: 5 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--households') out.households = Number(value());
    else if (flag === '--steps') {
      const steps = value().split(',').map((x) => x.trim()).filter(Boolean);
      const unknown = steps.filter((x) => !(BENCH_STEPS as readonly string[]).includes(x));
      if (unknown.length) throw new Error(`unknown step ${unknown.join(', ')}: the steps are ${BENCH_STEPS.join(', ')}`);
      out.steps = steps as BenchStep[];
    } else if (flag === '--json') out.json = value();
    else if (flag === '--db') out.db = value();
    else if (flag === '--list-runs') out.listRuns = Number(value());
    else throw new Error(`unknown option ${flag}: use --households N, --steps a,b,…, --json FILE, --db FILE, --list-runs N`);
  }
  if (!Number.isInteger(out.households) || out.households < 13) throw new Error(`--households must be a whole number ≥ 13, got ${out.households}`);
  if (!Number.isInteger(out.listRuns) || out.listRuns < 1) throw new Error(`--list-runs must be a whole number ≥ 1`);
  return out;
}
