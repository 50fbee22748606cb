import { describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { classifyRound } from '../../electron/core/rounds/classify';
import { smallCoresEach } from '../fixtures/small-cores';

/**
 * A classification reads and writes through the connection's own page cache (64 MiB, as the app
 * opens it), not a larger one: on the machines measured, the pages a larger cache takes (a round's
 * households and answers, read once) were each new memory, dear to touch, and a province's first
 * classification spent about a fifth more CPU for them (rounds/classify.ts, CLASSIFY_CACHE_KIB).
 * A connection with less gets 64 MiB while it runs; either way its own setting comes back.
 */
const setup = smallCoresEach();
const cacheOf = (core: Core) => core.db.sqlite.pragma('cache_size', { simple: true }) as number;

describe('the page cache of a classification', () => {
  it("is the app's 64 MiB while the round is read and written, and stays so after", () => {
    const { core, sqlite, roundId } = setup();
    expect(cacheOf(core)).toBe(-65_536);
    const during: number[] = [];
    classifyRound(sqlite, core.registry, roundId, { actor: 'test', chunkSize: 1, onChunk: () => during.push(cacheOf(core)) });
    expect(during.length).toBeGreaterThan(0);
    expect(new Set(during)).toEqual(new Set([-65_536]));
    expect(cacheOf(core)).toBe(-65_536);
  });

  it('is raised to 64 MiB for a connection with less, and put back after', () => {
    const { core, sqlite, roundId } = setup();
    sqlite.pragma('cache_size = -2000');
    const during: number[] = [];
    classifyRound(sqlite, core.registry, roundId, { actor: 'test', onChunk: () => during.push(cacheOf(core)) });
    expect(new Set(during)).toEqual(new Set([-65_536]));
    expect(cacheOf(core)).toBe(-2000);
  });
});
