/**
 * decidedWriter gives each [household, row number] pair to SQLite packed in one integer when it
 * fits exactly, else as a JSON array: both ways write the same results.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { classifyRound, decidedWriter } from '../../electron/core/rounds/classify';
import type { DecidedChunk } from '../../electron/core/rounds/classify-decide';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

let core: Core;
let seeded: ReturnType<typeof seedSmall>;
beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir('rasoat-classify-packed-'), 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  seeded = seedSmall(core);
});
afterAll(() => core.close());

const COLUMNS = 'status, score_b, deprivation_count, deprived, transition, refer_to_review, rule_set_id, rule_set_version, unverified, local, computed_at, round_id';
const results = (): unknown[] => core.db.sqlite.prepare(`SELECT household_id, ${COLUMNS} FROM results ORDER BY household_id`).raw().all();
const noChunk = (): Omit<DecidedChunk, 'write' | 'rows'> => ({ gone: [], rescored: [], classified: 0, skipped: 0, byStatus: { poor: 0, near_poor: 0, neither: 0, middle_income: 0 } });

describe('writing decided chunks', () => {
  it('writes the same results with a row number too large to pack (arrays) as with packed pairs', () => {
    const sqlite = core.db.sqlite;
    classifyRound(sqlite, core.registry, seeded.roundId, { actor: 'test' });
    const classified = results() as [number, ...unknown[]][];
    expect(classified.length).toBeGreaterThanOrEqual(3);
    const [first, second, third] = classified as [[number, ...unknown[]], [number, ...unknown[]], [number, ...unknown[]]];

    sqlite.prepare('DELETE FROM results').run();
    sqlite.transaction(() => {
      const writer = decidedWriter(sqlite);
      // Row 2^20 + 1 cannot be packed beside a household id: this chunk goes as arrays.
      writer.write({ ...noChunk(), rows: [{ n: 2 ** 20 + 1, values: first.slice(1) as never }, { n: 0, values: second.slice(1) as never }], write: [[first[0], 2 ** 20 + 1], [second[0], 0]] });
      // This one packed.
      writer.write({ ...noChunk(), rows: [{ n: 1, values: third.slice(1) as never }], write: [[third[0], 1]] });
      writer.finish();
      expect(writer.written).toBe(3);
    })();
    expect(results()).toEqual(classified.slice(0, 3));
  });
});
