import type { unitApiInputs } from '../../../shared/api/units';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { findUnits } from './find';
import { officeView, setupOffice, setupStatus } from './office';
import { ensureRegister, registerLoaded } from './register';

/**
 * The handlers of this area's calls (shared/api/units.ts). Setting the office and the first search
 * load the shipped unit register when none is loaded yet (about a second, once; after a backup
 * when the database already holds rounds, as for any import).
 */
export function unitServices(core: Core): ServicesFor<keyof typeof unitApiInputs> {
  const sqlite = () => core.db.sqlite;
  const withRegister = (): void => {
    if (registerLoaded(sqlite())) return;
    if (Number(sqlite().prepare('SELECT COUNT(*) FROM rounds').pluck().get()) > 0) core.backup('before-import');
    ensureRegister(sqlite(), core.options.resourcesDir, core.actor);
  };
  return {
    'setup.status': () => setupStatus(sqlite()),
    'setup.office': ({ unitCode }) => {
      withRegister();
      setupOffice(sqlite(), unitCode, core.actor);
      return officeView(sqlite())!;
    },
    'units.find': (input) => {
      withRegister();
      return findUnits(sqlite(), input);
    },
  };
}
