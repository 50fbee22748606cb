import type { publishedInputs } from '../../../shared/api/published';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { currentPublished, previewPublished, savePublished } from './published';

/** The handlers of the screen for published values (shared/api/published.ts). */
export function publishedServices(core: Core): ServicesFor<keyof typeof publishedInputs> {
  return {
    'published.current': ({ ruleSetId }) => currentPublished(core.registry.require(ruleSetId)),
    'published.preview': (input) => {
      const { ruleSet: _built, ...preview } = previewPublished(core.db.sqlite, core.registry, input, core.actor);
      return preview;
    },
    'published.save': (input) => {
      const saved = savePublished(core.db.sqlite, core.registry, core.options, input, core.actor);
      // Saved by an administrator in the app: that is the confirmation; used from now on, without a restart.
      core.reloadRuleSets();
      return saved;
    },
  };
}
