import { DOCUMENT_IDS, PREFILLABLE, type DocumentListItem, type DocumentUnit } from '../../../shared/api/documents';
import type { documentInputs } from '../../../shared/api/documents';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { unitFullName } from '../../../shared/domain/units';
import { getRound } from '../rounds/rounds';
import { unitOnMap } from '../reform/map';
import { communesUnder, loadContext, readOfficials, writeOfficials } from './context';
import { DOCUMENTS } from './registry';

/** The handlers of this area's calls (shared/api/documents.ts). */
export function documentServices(core: Core): ServicesFor<keyof typeof documentInputs> {
  return {
    'documents.units': ({ roundId }) => {
      const round = getRound(core.db.sqlite, roundId);
      // The round's unit on its own map: a round scoped to an abolished district offers its province of the new map.
      const scopeId = unitOnMap(core.db.sqlite, round.scope_unit_id, round.unit_map_date) ?? round.scope_unit_id;
      const scope = core.db.sqlite.prepare('SELECT id, code, name, type, level FROM units WHERE id = ?').get(scopeId) as
        | { id: number; code: string; name: string; type: string; level: DocumentUnit['level'] }
        | undefined;
      const communes = communesUnder(core.db.sqlite, scopeId, round.unit_map_date);
      return [...(scope && scope.level !== 'commune' ? [scope] : []), ...communes].map((u) => ({
        id: u.id,
        code: u.code,
        fullName: unitFullName(u.type, u.name),
        level: u.level as DocumentUnit['level'],
      }));
    },
    'documents.list': ({ roundId, unitId }) => {
      const ctx = loadContext(core.db.sqlite, roundId, unitId);
      return DOCUMENT_IDS.map(
        (id): DocumentListItem => ({
          id,
          title: DOCUMENTS[id].title,
          unavailable: DOCUMENTS[id].communeOnly && !ctx.commune ? 'Chỉ in cho một xã' : null,
          prefill: ctx.commune ? (PREFILLABLE[id] ?? null) : null,
        }),
      );
    },
    'documents.officials.get': ({ communeId }) => readOfficials(core.db.sqlite, communeId),
    'documents.officials.set': ({ communeId, officials }) => writeOfficials(core.db.sqlite, communeId, officials, core.actor),
  };
}
