// The monthly report of the ad hoc review (Quyết định 24/2021, Điều 7 khoản 1): for a month, the
// requests received and settled, and the households that entered or left the poor and near-poor
// lists in the ad hoc rounds dated in that month. One query set, used by the screen and the PDF.
import type BetterSqlite3 from 'better-sqlite3';
import type { MonthlyChange, MonthlyFigures } from '../../../shared/api/requests';
import { transitionLabel } from '../../../shared/glossary';
import type { Status } from '../../../shared/engine/ruleset';
import type { Transition } from '../../../shared/engine/transition';
import { unitFullName } from '../../../shared/domain/units';
import { invalidAt } from '../errors';
import { communesInScope } from '../units/scope';
import { monthlyReportDue, settleDeadline, type Procedure } from './procedure';

/** Entered the poor list: newly poor, fell back, or near-poor who became poor. */
const ENTERED_POOR: readonly Transition[] = ['new', 'fell_back', 'near_poor_to_poor'];
/** Entered the near-poor list: newly near-poor, fell back, or poor who rose to near-poor. */
const ENTERED_NEAR_POOR: readonly Transition[] = ['new', 'fell_back', 'exited_to_near_poor'];
const LEFT_POOR: readonly Transition[] = ['exited_to_near_poor', 'exited_above_near_poor'];
const LEFT_NEAR_POOR: readonly Transition[] = ['exited_near_poor', 'near_poor_to_poor'];

const lastDay = (month: string): string => {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

export function monthlyFigures(sqlite: BetterSqlite3.Database, p: Procedure, unitId: number, month: string): MonthlyFigures {
  const unit = sqlite.prepare('SELECT id, name, type, level FROM units WHERE id = ?').get(unitId) as { id: number; name: string; type: string; level: string } | undefined;
  if (!unit || unit.level === 'village') throw invalidAt('unitId', `Không lập báo cáo tháng cho đơn vị mã số ${unitId} được (không có trong danh mục, hoặc là thôn, ấp): hãy chọn một xã, phường hoặc tỉnh.`);
  const end = lastDay(month);
  const communeIds = communesInScope(sqlite, unitId, end).map((c) => c.id);
  const ids = JSON.stringify(communeIds);
  const requests = sqlite
    .prepare(`SELECT received_on AS receivedOn, status, settled_on AS settledOn FROM adhoc_requests WHERE commune_id IN (SELECT value FROM json_each(?)) AND received_on <= ?`)
    .all(ids, end) as { receivedOn: string; status: string; settledOn: string | null }[];
  const inMonth = (d: string | null): boolean => d !== null && d.startsWith(month);
  const openAtEnd = requests.filter((r) => r.status === 'open' || (r.settledOn !== null && r.settledOn > end));
  const rounds = sqlite
    .prepare(
      `SELECT DISTINCT r.id, r.title, r.reference_date AS referenceDate FROM rounds r JOIN households h ON h.round_id = r.id
       WHERE r.kind = 'adhoc' AND r.reference_date BETWEEN ? AND ? AND h.commune_id IN (SELECT value FROM json_each(?)) ORDER BY r.reference_date, r.id`,
    )
    .all(`${month}-01`, end, ids) as { id: number; title: string; referenceDate: string }[];
  const changed = sqlite
    .prepare(
      `SELECT h.code, h.head_name AS headName, c.name AS communeName, c.type AS communeType, COALESCE(v.name, '') AS village, h.member_count AS memberCount,
         res.status, res.transition, r.title AS roundTitle
       FROM households h JOIN rounds r ON r.id = h.round_id JOIN results res ON res.household_id = h.id
       JOIN units c ON c.id = h.commune_id LEFT JOIN units v ON v.id = h.village_id
       WHERE r.kind = 'adhoc' AND r.reference_date BETWEEN ? AND ? AND h.commune_id IN (SELECT value FROM json_each(?))
       ORDER BY c.name_sort, v.name_sort, h.head_sort, h.id`,
    )
    .all(`${month}-01`, end, ids) as {
    code: string;
    headName: string;
    communeName: string;
    communeType: string;
    village: string;
    memberCount: number;
    status: Status;
    transition: Transition | null;
    roundTitle: string;
  }[];
  const entered = { poor: 0, nearPoor: 0, poorPeople: 0, nearPoorPeople: 0 };
  const left = { poor: 0, nearPoor: 0, poorPeople: 0, nearPoorPeople: 0 };
  const rows: MonthlyChange[] = [];
  for (const h of changed) {
    // A household with no earlier record that is poor or near-poor now is a new one ("khác tăng").
    const t = h.transition ?? (h.status === 'poor' || h.status === 'near_poor' ? 'new' : null);
    let isChange = false;
    if (t && h.status === 'poor' && ENTERED_POOR.includes(t)) {
      entered.poor++;
      entered.poorPeople += h.memberCount;
      isChange = true;
    }
    if (t && h.status === 'near_poor' && ENTERED_NEAR_POOR.includes(t)) {
      entered.nearPoor++;
      entered.nearPoorPeople += h.memberCount;
      isChange = true;
    }
    if (t && LEFT_POOR.includes(t)) {
      left.poor++;
      left.poorPeople += h.memberCount;
      isChange = true;
    }
    if (t && LEFT_NEAR_POOR.includes(t)) {
      left.nearPoor++;
      left.nearPoorPeople += h.memberCount;
      isChange = true;
    }
    if (isChange) {
      rows.push({
        code: h.code,
        headName: h.headName,
        communeName: unitFullName(h.communeType, h.communeName),
        village: h.village,
        memberCount: h.memberCount,
        change: transitionLabel(t, h.status),
        roundTitle: h.roundTitle,
      });
    }
  }
  const due = monthlyReportDue(p, month);
  return {
    month,
    unitName: unitFullName(unit.type, unit.name),
    dueOn: due.dueOn,
    required: due.required,
    requests: {
      received: requests.filter((r) => inMonth(r.receivedOn)).length,
      accepted: requests.filter((r) => r.status === 'accepted' && inMonth(r.settledOn)).length,
      refused: requests.filter((r) => r.status === 'refused' && inMonth(r.settledOn)).length,
      open: openAtEnd.length,
      overdue: openAtEnd.filter((r) => end > settleDeadline(p, r.receivedOn)).length,
    },
    entered,
    left,
    rows,
    rounds,
  };
}
