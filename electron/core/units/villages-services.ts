import fs from 'node:fs';
import type { villageApiInputs } from '../../../shared/api/villages';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { uploadFile } from '../excel/uploads';
import { addVillages, listVillages, parsePastedVillages, readVillageWorkbook, setVillageArea } from './villages';

/** The handlers of this area's calls (shared/api/villages.ts). */
export function villageServices(core: Core): ServicesFor<keyof typeof villageApiInputs> {
  const sqlite = () => core.db.sqlite;
  const backup = () => core.backup('before-import').file;
  return {
    'villages.list': ({ communeId }) => listVillages(sqlite(), communeId),
    'villages.add': ({ communeId, type, name, code, area }) =>
      addVillages(sqlite(), communeId, [{ line: 1, code: code ?? '', name, type, area: '' }], {
        defaultType: type,
        defaultArea: area,
        preview: false,
        actor: core.actor,
        source: 'add',
      }),
    'villages.paste': ({ communeId, text, defaultType, defaultArea, preview }) => {
      const { entries, message } = parsePastedVillages(text);
      return addVillages(sqlite(), communeId, entries, { defaultType, defaultArea, preview, actor: core.actor, source: 'paste', backup, message });
    },
    'villages.import': async ({ communeId, upload, defaultType, defaultArea, preview }) => {
      const file = uploadFile(core.options.dbPath, upload);
      const { entries, message } = await readVillageWorkbook(file);
      const result = addVillages(sqlite(), communeId, entries, { defaultType, defaultArea, preview, actor: core.actor, source: 'import', backup, message });
      // The preview keeps the upload for the import that follows; an import done with it lets it go.
      if (result.added) fs.rmSync(file, { force: true });
      return result;
    },
    'villages.setArea': ({ villageId, area }) => setVillageArea(sqlite(), villageId, area, core.actor),
  };
}
