import type { excelInputs } from '../../../shared/api/excel';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';

/** The handlers of this area's calls (shared/api/excel.ts). */
export function excelServices(_core: Core): ServicesFor<keyof typeof excelInputs> {
  return {};
}
