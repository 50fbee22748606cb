import type { Role } from '../../../shared/api/auth';
import type { ApiMethod } from '../../../shared/api/contract';
import type { JobKind } from '../../../shared/api/jobs';
import { roleMay, roleMayStartJob } from '../../../shared/api/permissions';

/** What a screen cannot work without: a call, and for a print or export screen, a kind of job. */
export interface ScreenNeeds {
  requires?: ApiMethod;
  job?: JobKind;
}

/**
 * Whether a role sees a screen's tab: read from the one permission table (shared/api/permissions.ts)
 * the core checks every call against; hiding a tab is only a courtesy.
 */
export function mayOpen(role: Role, needs: ScreenNeeds): boolean {
  return (needs.requires === undefined || roleMay(role, needs.requires)) && (needs.job === undefined || roleMayStartJob(role, needs.job));
}
