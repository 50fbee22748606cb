import type { provinceInputs } from '../../../shared/api/province';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { provinceReceipts, recomputeCommune } from './province';

/** The province's views on the merged packages (shared/api/province.ts; the rules in province.ts). */
export function provinceServices(core: Core): ServicesFor<keyof typeof provinceInputs> {
  return {
    'province.receipts': (input) => provinceReceipts(core.db.sqlite, input.roundId),
    'province.recompute': (input) => recomputeCommune(core.db.sqlite, core.registry, input.roundId, input.communeId),
  };
}
