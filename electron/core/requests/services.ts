import type { requestInputs } from '../../../shared/api/requests';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { todayLocal } from '../rounds/create';
import { monthlyFigures } from './monthly';
import { loadProcedure } from './procedure';
import { acceptRequest, addRequest, listRequests, refuseRequest } from './store';

/** The handlers of the monthly review's calls (shared/api/requests.ts). */
export function requestServices(core: Core): ServicesFor<keyof typeof requestInputs> {
  const procedure = () => loadProcedure(core.options.resourcesDir);
  const sqlite = () => core.db.sqlite;
  return {
    'requests.procedure': () => {
      const p = procedure();
      return {
        id: p.id,
        title: p.title,
        settleDays: p.settleDays,
        countFrom: p.countFrom,
        reportDueDay: p.monthlyReport.dueDay,
        reportMonths: p.monthlyReport.reportMonths,
        provenance: p.provenance.documents,
        confidence: p.provenance.confidence,
      };
    },
    'requests.list': ({ communeId, status, today }) =>
      listRequests(sqlite(), procedure(), { ...(communeId ? { communeIds: [communeId] } : {}), ...(status ? { status } : {}) }, today ?? todayLocal()),
    'requests.add': (input) => addRequest(sqlite(), procedure(), input, core.actor, todayLocal()),
    'requests.accept': (input) => acceptRequest(sqlite(), procedure(), input, core.actor, todayLocal()),
    'requests.refuse': (input) => refuseRequest(sqlite(), procedure(), input, core.actor, todayLocal()),
    'requests.monthly': ({ unitId, month }) => monthlyFigures(sqlite(), procedure(), unitId, month),
  };
}
