import type { roundApiInputs } from '../../../shared/api/rounds';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { createRoundFor, planRound } from './create';
import { deleteRound } from './delete';
import { roundOverview } from './list';

/** The handlers of this area's calls (shared/api/rounds.ts). */
export function roundServices(core: Core): ServicesFor<keyof typeof roundApiInputs> {
  const sqlite = () => core.db.sqlite;
  return {
    'rounds.plan': (input) => planRound(sqlite(), core.registry, input),
    'rounds.create': (input) => createRoundFor(sqlite(), core.registry, input, core.actor),
    'rounds.overview': () => roundOverview(sqlite()),
    'rounds.delete': ({ roundId }) => deleteRound(sqlite(), roundId, core.actor, (reason) => core.backup(reason)),
  };
}
