import type { reformApiInputs } from '../../../shared/api/reform';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { assignVillage, reformQueue } from './queue';

/** The handlers of this area's calls (shared/api/reform.ts). */
export function reformServices(core: Core): ServicesFor<keyof typeof reformApiInputs> {
  return {
    'reform.queue': ({ roundId }) => reformQueue(core.db.sqlite, roundId),
    'reform.assign': (input) => assignVillage(core.db.sqlite, input, core.actor),
  };
}
