import { describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { unscoredHouseholds } from '../../electron/core/entry/workflow';
import { classifyRound } from '../../electron/core/rounds/classify';
import { smallCoresEach } from '../fixtures/small-cores';

/**
 * A classification writes only the results that change (perf: a second classification of a
 * province's round with nothing changed wrote a million rows again), and still records, for each
 * household, the result of the current answers under the current rule set and settings.
 */
const setup = smallCoresEach();
type Stored = { household_id: number; status: string; local: string; computed_at: string };
const stored = (core: Core): Stored[] =>
  core.db.sqlite.prepare('SELECT household_id, status, local, computed_at FROM results ORDER BY household_id').all() as Stored[];
const OLD = '2000-01-01T00:00:00.000Z';

describe('classifying a round again', () => {
  it('writes nothing when nothing changed (each result keeps the time it was computed)', () => {
    const { core, sqlite, roundId } = setup();
    classifyRound(sqlite, core.registry, roundId, { actor: 'test' });
    sqlite.prepare('UPDATE results SET computed_at = ?').run(OLD); // answers were saved before this
    sqlite.prepare('UPDATE answers SET updated_at = ?').run('1999-01-01T00:00:00.000Z');
    const before = stored(core);
    const summary = classifyRound(sqlite, core.registry, roundId, { actor: 'test' });
    expect(summary.classified).toBe(3);
    expect(stored(core)).toEqual(before);
  });

  it('writes the results that changed, refreshes those whose answers were saved since, and drops those no longer classifiable', () => {
    const { core, sqlite, roundId, communeId, householdIds } = setup();
    classifyRound(sqlite, core.registry, roundId, { actor: 'test' });
    sqlite.prepare('UPDATE results SET computed_at = ?').run(OLD);
    sqlite.prepare('UPDATE answers SET updated_at = ?').run('1999-01-01T00:00:00.000Z');
    const [a, b, c] = householdIds as [number, number, number];
    sqlite.prepare('UPDATE answers SET score_a = 300 WHERE household_id = ?').run(a); // poor → neither
    // Saved again with the same outcome: listed as "changed" until classified again.
    sqlite.prepare("UPDATE answers SET updated_at = '2001-01-01T00:00:00.000Z' WHERE household_id = ?").run(b);
    expect(unscoredHouseholds(sqlite, roundId, communeId).map((u) => u.householdId)).toEqual([b]);
    sqlite.prepare("UPDATE answers SET b2 = json_set(b2, '$.water', json('null')) WHERE household_id = ?").run(c); // incomplete
    const before = new Map(stored(core).map((r) => [r.household_id, r]));

    classifyRound(sqlite, core.registry, roundId, { actor: 'test' });
    const after = new Map(stored(core).map((r) => [r.household_id, r]));
    expect(after.get(a)).toEqual(expect.objectContaining({ status: 'neither' }));
    expect(after.get(a)!.computed_at > OLD).toBe(true);
    expect(after.get(b)!.status).toBe(before.get(b)!.status);
    expect(after.get(b)!.computed_at > OLD).toBe(true);
    expect(after.has(c)).toBe(false);
    expect(unscoredHouseholds(sqlite, roundId, communeId).map((u) => u.householdId)).toEqual([c]);
    const audit = sqlite.prepare("SELECT new_value FROM audit WHERE entity = 'round' AND action = 'classify' ORDER BY id DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(audit)).toEqual(expect.objectContaining({ classified: 2, skipped: 1, written: 2, removed: 1 }));
  });

  it('writes every result again when what a result records changes (local standards chosen in settings)', () => {
    const { core, sqlite, roundId } = setup();
    classifyRound(sqlite, core.registry, roundId, { actor: 'test' });
    sqlite.prepare('UPDATE results SET computed_at = ?').run(OLD);
    sqlite.prepare('UPDATE answers SET updated_at = ?').run('1999-01-01T00:00:00.000Z');
    sqlite.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('local_rule_sets', ?)").run(JSON.stringify(['local-dong-nai-2022-2025']));
    classifyRound(sqlite, core.registry, roundId, { actor: 'test' });
    const rows = stored(core);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(JSON.parse(r.local)).toEqual([expect.objectContaining({ ruleSet: expect.objectContaining({ id: 'local-dong-nai-2022-2025' }) })]);
      expect(r.computed_at > OLD).toBe(true);
    }
  });
});

describe('foreign keys around a classification', () => {
  it('are checked again afterwards, also when the classification fails, and every result refers to its household and round', () => {
    const { core, sqlite, roundId } = setup();
    classifyRound(sqlite, core.registry, roundId, { actor: 'test' });
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    const rs = core.registry.require('vn-2022-2026');
    const original = rs.scoreA.value!.cutoff.rural;
    rs.scoreA.value!.cutoff.rural = 150; // edited in place, version unchanged: refused inside the transaction
    try {
      expect(() => classifyRound(sqlite, core.registry, roundId, { actor: 'test' })).toThrow(expect.objectContaining({ code: 'RULESET_INVALID' }));
    } finally {
      rs.scoreA.value!.cutoff.rural = original;
    }
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
