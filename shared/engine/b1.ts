import type { z } from 'zod';
import type { B1PointTableSchema } from './ruleset';

export type B1PointTable = z.output<typeof B1PointTableSchema>;

export interface B1Score {
  /** Base + the points of every answered item; null until every item is answered. */
  scoreA: number | null;
  /** The sum of the items answered so far (with the base), for a running total while keying. */
  partial: number;
  /** Items not answered yet. */
  missing: string[];
  /** Answers that are not in the table (item id → the answer given). */
  invalid: Record<string, string>;
}

/** True when the table has a column of points for this region. */
export const isB1Region = (table: B1PointTable, region: string): boolean => table.regions.some((r) => r.id === region);

/**
 * Score A of Phiếu B1 from item-level answers: the region's base plus, for each item, the points
 * of the answer chosen in the region's column (spec/standard.md §4). The one statement of the
 * score: the entry's sum (shared/entry/warnings.ts b1Sum) is this. Nothing unknown counts as 0:
 * an item not answered, an answer not in the table or with no points in the region's column
 * leaves score A null, listed in missing / invalid.
 */
export function scoreB1(table: B1PointTable, region: string, answers: Readonly<Record<string, string>>): B1Score {
  if (!isB1Region(table, region)) throw new Error(`Unknown B1 region "${region}"`);
  let sum = table.base[region] ?? 0;
  const missing: string[] = [];
  const invalid: Record<string, string> = {};
  for (const item of table.items) {
    const answer = answers[item.id];
    if (answer === undefined || answer === '') {
      missing.push(item.id);
      continue;
    }
    const option = item.options.find((o) => o.id === answer);
    const points = option?.points[region];
    if (points === undefined) {
      invalid[item.id] = answer;
      continue;
    }
    sum += points;
  }
  const complete = missing.length === 0 && Object.keys(invalid).length === 0;
  return { scoreA: complete ? sum : null, partial: sum, missing, invalid };
}
