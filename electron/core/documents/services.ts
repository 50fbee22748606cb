import type { documentInputs } from '../../../shared/api/documents';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';

/** The handlers of this area's calls (shared/api/documents.ts). */
export function documentServices(_core: Core): ServicesFor<keyof typeof documentInputs> {
  return {};
}
