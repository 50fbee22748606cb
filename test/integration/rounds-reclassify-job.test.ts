// Classifying a round again is a long job (house rule 6): in the worker thread with progress and
// cancel, all or nothing, the same result as the core's classification, refused to a role that may
// not write, and refused in Vietnamese for a commune locked by its recognition decision.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { classifyRound } from '../../electron/core/rounds/classify';
import { readUnitFile } from '../../electron/core/units/units';
import { dispatchAsAdmin } from '../fixtures/api';
import { dispatch } from '../../electron/core/api/dispatch';
import { RESOURCES, tempDir } from '../helpers';

const core = new Core({ dbPath: path.join(tempDir(), 'rasoat.sqlite'), resourcesDir: RESOURCES });
const services = createServices(core);
const sqlite = core.db.sqlite;
let roundId: number;
let communeId: number;

beforeAll(() => {
  buildDemo(sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 1200, seed: 21 });
  roundId = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
  communeId = sqlite.prepare('SELECT commune_id FROM households WHERE round_id = ? GROUP BY commune_id ORDER BY COUNT(*) DESC LIMIT 1').pluck().get(roundId) as number;
}, 120_000);
afterAll(async () => {
  await core.jobs.close();
  core.close();
});

/** The round's results, as a comparable list (the time of computing left out). */
const results = (): unknown[] =>
  sqlite
    .prepare('SELECT r.household_id, r.status, r.score_b, r.deprived, r.transition, r.rule_set_version FROM results r JOIN households h ON h.id = r.household_id WHERE h.round_id = ? ORDER BY r.household_id')
    .all(roundId);
/** Results made wrong on purpose, so that classifying again has something to put right. */
const spoil = (): void => {
  sqlite.prepare("UPDATE results SET status = 'middle_income', score_b = NULL WHERE household_id IN (SELECT id FROM households WHERE round_id = ?)").run(roundId);
};
const classifyAudits = (): number => sqlite.prepare("SELECT COUNT(*) FROM audit WHERE entity = 'round' AND action = 'classify'").pluck().get() as number;

describe('classifying a round again (job rounds.reclassify)', () => {
  it('runs in the worker with progress, and gives the core classification', async () => {
    const expected = results();
    spoil();
    expect(results()).not.toEqual(expected);
    const started = await dispatchAsAdmin(services, 'jobs.start', { kind: 'rounds.reclassify', input: { roundId } });
    if (!started.ok) throw new Error(started.error.message);
    const id = (started.value as { id: string }).id;
    const final = await core.jobs.wait(id);
    if (final.kind !== 'rounds.reclassify' || final.state !== 'done' || !final.result) throw new Error(`${final.state}: ${JSON.stringify(final.error)}`);
    expect(final.result.classified).toBeGreaterThan(0);
    expect(final.result.classified + final.result.skipped).toBe(sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(roundId));
    expect(final.message).toBe(`Đã phân loại ${final.result.classified.toLocaleString('vi-VN')} hộ`);
    expect(results()).toEqual(expected);
  }, 120_000);

  it('is all or nothing: a stop between chunks leaves every result as it was', () => {
    spoil();
    const before = results();
    const audits = classifyAudits();
    let chunks = 0;
    expect(() =>
      classifyRound(sqlite, core.registry, roundId, {
        actor: 'officer',
        chunkSize: 100,
        onChunk: (done, total) => {
          expect(done).toBeLessThanOrEqual(total);
          if (++chunks === 3) throw new Error('stopped');
        },
      }),
    ).toThrow('stopped');
    expect(chunks).toBe(3);
    expect(results()).toEqual(before);
    expect(classifyAudits()).toBe(audits);
  });

  it('can be cancelled, and then changes nothing', async () => {
    spoil();
    const before = results();
    const { id } = core.jobs.start('rounds.reclassify', { roundId });
    core.jobs.cancel(id);
    const final = await core.jobs.wait(id);
    expect(final.state).toBe('cancelled');
    expect(results()).toEqual(before);
  }, 60_000);

  it('is refused to a leader, and for a commune locked by its decision (in Vietnamese)', async () => {
    const leader = { userId: 9, name: 'lanh.dao', fullName: 'Lãnh đạo', role: 'leader' as const, villageIds: [] };
    const refused = await dispatch(services, 'jobs.start', { kind: 'rounds.reclassify', input: { roundId } }, { caller: leader });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/phân loại lại các hộ/u) }) });
    sqlite.prepare("INSERT INTO round_locks (round_id, commune_id, locked, changed_at) VALUES (?, ?, 1, '2023-12-01T00:00:00Z')").run(roundId, communeId);
    const { id } = core.jobs.start('rounds.reclassify', { roundId, communeId });
    const final = await core.jobs.wait(id);
    expect(final.state).toBe('failed');
    expect(final.error).toEqual(expect.objectContaining({ code: 'ROUND_LOCKED', message: expect.stringMatching(/^Kết quả rà soát năm 2023 của (Xã|Phường|Thị trấn) .+ đã được công nhận bằng quyết định/u) }));
    // Another commune, open, is classified; the locked one is not its business (the whole round's is).
    const other = sqlite.prepare('SELECT DISTINCT commune_id FROM households WHERE round_id = ? AND commune_id <> ? LIMIT 1').pluck().get(roundId, communeId) as number;
    const alone = await core.jobs.wait(core.jobs.start('rounds.reclassify', { roundId, communeId: other }).id);
    if (alone.kind !== 'rounds.reclassify' || !alone.result) throw new Error(`${alone.state}: ${JSON.stringify(alone.error)}`);
    expect(alone.result.lockedCommunes).toBe(0);
    const whole = await core.jobs.wait(core.jobs.start('rounds.reclassify', { roundId }).id);
    if (whole.kind !== 'rounds.reclassify' || !whole.result) throw new Error(`${whole.state}: ${JSON.stringify(whole.error)}`);
    expect(whole.result.lockedCommunes).toBe(1);
  }, 180_000);
});
