import type { guidanceInputs } from '../../../shared/api/guidance';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { guidanceOf, loadGuidanceBooks, ruleSetOfTarget } from './load';

/** The handlers of this area's calls (shared/api/guidance.ts). */
export function guidanceServices(core: Core): ServicesFor<keyof typeof guidanceInputs> {
  return {
    'guidance.get': (which) => {
      const { resourcesDir, dbPath } = core.options;
      const ruleSet = ruleSetOfTarget(core.db.sqlite, resourcesDir, dbPath, which);
      return guidanceOf(loadGuidanceBooks(resourcesDir), ruleSet);
    },
  };
}
