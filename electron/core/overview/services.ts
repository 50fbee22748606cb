import fs from 'node:fs';
import type { overviewInputs } from '../../../shared/api/overview';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { uploadFile } from '../excel/uploads';
import { overviewOf } from './overview';
import { deleteTarget, importTargets, listTargets, readTargetWorkbook, setTarget } from './targets';

/** The handlers of the overview's calls (shared/api/overview.ts). */
export function overviewServices(core: Core): ServicesFor<keyof typeof overviewInputs> {
  const sqlite = () => core.db.sqlite;
  return {
    'overview.get': (input) => overviewOf(sqlite(), core.registry, input),
    'overview.targets.list': ({ year }) => listTargets(sqlite(), year),
    'overview.targets.set': (input) => setTarget(sqlite(), input, core.actor),
    'overview.targets.delete': ({ communeCode, year }) => deleteTarget(sqlite(), communeCode, year, core.actor),
    'overview.targets.import': async ({ upload, preview }) => {
      const file = uploadFile(core.options.dbPath, upload);
      const read = await readTargetWorkbook(sqlite(), file);
      const result = importTargets(sqlite(), read, { preview, actor: core.actor, backup: () => core.backup('before-import').file });
      // The preview keeps the upload for the import that follows; an import done with it lets it go.
      if (result.written > 0) fs.rmSync(file, { force: true });
      return result;
    },
  };
}
