import type { entryInputs } from '../../../shared/api/entry';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';

/** The handlers of this area's calls (shared/api/entry.ts). */
export function entryServices(_core: Core): ServicesFor<keyof typeof entryInputs> {
  return {};
}
