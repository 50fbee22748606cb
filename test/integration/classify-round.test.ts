import { describe, expect, it } from 'vitest';
import { tableChecksums } from '../../electron/core/backup/backup';
import { classifyRound } from '../../electron/core/rounds/classify';
import { smallCoresEach } from '../fixtures/small-cores';

const setup = smallCoresEach();

describe('classifying a round', () => {
  it('files each result under its round, and a result written elsewhere gets its round too', () => {
    const { core, roundId, householdIds } = setup();
    classifyRound(core.db.sqlite, core.registry, roundId, { actor: 'test' });
    const rounds = core.db.sqlite.prepare('SELECT DISTINCT round_id FROM results').pluck().all();
    expect(rounds).toEqual([roundId]);
    // Another writer (one household re-classified on save) that does not name the round.
    const id = householdIds[0]!;
    core.db.sqlite.prepare('DELETE FROM results WHERE household_id = ?').run(id);
    core.db.sqlite
      .prepare("INSERT INTO results (household_id, status, rule_set_id, rule_set_version, computed_at) VALUES (?, 'poor', 'x', '1', 'now')")
      .run(id);
    expect(core.db.sqlite.prepare('SELECT round_id FROM results WHERE household_id = ?').pluck().get(id)).toBe(roundId);
  });

  it('records the rule set it used, once per version', () => {
    const { core, roundId } = setup();
    classifyRound(core.db.sqlite, core.registry, roundId, { actor: 'test' });
    classifyRound(core.db.sqlite, core.registry, roundId, { actor: 'test' });
    const snapshots = core.db.sqlite.prepare('SELECT id, version FROM rule_set_snapshots').all();
    expect(snapshots).toEqual([{ id: 'vn-2022-2026', version: '2022.1' }]);
  });

  it('leaves a commune locked by its recognition decision as it is, and refuses to classify it alone', () => {
    const { core, roundId, communeId } = setup();
    classifyRound(core.db.sqlite, core.registry, roundId, { actor: 'test' });
    core.db.sqlite
      .prepare("INSERT INTO round_locks (round_id, commune_id, locked, changed_at) VALUES (?, ?, 1, '2023-12-01T00:00:00Z')")
      .run(roundId, communeId);
    core.db.sqlite.prepare('UPDATE answers SET score_a = 300').run(); // would turn every household "neither"
    const before = tableChecksums(core.db.sqlite).results;
    const summary = classifyRound(core.db.sqlite, core.registry, roundId, { actor: 'test' });
    expect(summary).toEqual(expect.objectContaining({ classified: 0, lockedCommunes: 1 }));
    expect(tableChecksums(core.db.sqlite).results).toEqual(before);
    expect(() => classifyRound(core.db.sqlite, core.registry, roundId, { communeId, actor: 'test' })).toThrow(
      expect.objectContaining({ code: 'ROUND_LOCKED' }),
    );
  });

  it('refuses a rule set whose file changed without a new version', () => {
    const { core, roundId } = setup();
    classifyRound(core.db.sqlite, core.registry, roundId, { actor: 'test' });
    const rs = core.registry.require('vn-2022-2026');
    const original = rs.scoreA.value!.cutoff.rural;
    rs.scoreA.value!.cutoff.rural = 150; // edited in place, version unchanged
    try {
      expect(() => classifyRound(core.db.sqlite, core.registry, roundId, { actor: 'test' })).toThrow(
        expect.objectContaining({ code: 'RULESET_INVALID' }),
      );
    } finally {
      rs.scoreA.value!.cutoff.rural = original;
    }
  });
});
