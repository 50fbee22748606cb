import type BetterSqlite3 from 'better-sqlite3';
import { unitFullName } from '../../../shared/domain/units';
import { fold } from '../../../shared/text/fold';
import { villageNameKey, villageTextKey } from '../../../shared/domain/villages';
import { assignedCommune, newCommunesOf, plannedVillage } from './map';

/**
 * A list keyed on the old map (last year's, before 1/7/2025) read into a round on the new map:
 * which old commune a "Mã xã" cell names (its code, or its name: "Bình Thủy", "Xã Bình Thủy"),
 * and where its households go on the round's map (reform/map.ts: merged → the new commune,
 * divided → the new commune the officer assigned the village to). The Excel import asks it for
 * a commune it does not find on the round's map.
 */

export interface OldCommune {
  id: number;
  code: string;
  name: string;
  type: string;
}

const COMMUNE_KIND = /^(xã|phường|thị trấn|đặc khu)\s+/u;
const nameKey = (s: string): string => fold(villageNameKey(s.normalize('NFC').toLowerCase().trim().replace(COMMUNE_KIND, '')));

/** The old communes (valid before the map date, mapped to a new commune by then) a code or name names, among those going into `into`. */
export function oldCommunesNamed(sqlite: BetterSqlite3.Database, text: string, mapDate: string, into: ReadonlySet<number>): OldCommune[] {
  const code = text.trim().replace(/^0+(?=\d{5}$)/u, '');
  const candidates = sqlite
    .prepare(
      `SELECT DISTINCT u.id, u.code, u.name, u.type FROM units u JOIN unit_map m ON m.old_unit_id = u.id
       WHERE u.level = 'commune' AND u.valid_to IS NOT NULL AND u.valid_to < ? AND m.effective_date <= ?`,
    )
    .all(mapDate, mapDate) as OldCommune[];
  const going = (c: OldCommune): boolean => newCommunesOf(sqlite, c.id, mapDate).some((n) => into.has(n));
  if (/^\d+$/u.test(code)) return candidates.filter((c) => c.code === code && going(c));
  const key = nameKey(text);
  return candidates.filter((c) => nameKey(c.name) === key && going(c));
}

export type OldCommuneResolution =
  | { ok: true; communeId: number; oldCommuneId: number; village: string | undefined; villageId: number | null }
  | { ok: false; message: string };

/**
 * Where a household of an old commune goes: its new commune (one of `into`), and the village of
 * it named as its old village (its id when it already exists; else the name the import adds).
 * Refusals say, in Vietnamese, what to do.
 */
export function placeOnNewMap(
  sqlite: BetterSqlite3.Database,
  old: OldCommune,
  villageText: string | undefined,
  mapDate: string,
  into: ReadonlySet<number>,
): OldCommuneResolution {
  const oldName = `${unitFullName(old.type, old.name)} (mã ${old.code}, trước 1/7/2025)`;
  const oldVillage =
    villageText === undefined || villageText.trim() === ''
      ? undefined
      : (sqlite.prepare(`SELECT id, name FROM units WHERE level = 'village' AND parent_id = ?`).all(old.id) as { id: number; name: string }[]).find(
          (v) => villageTextKey(v.name) === villageTextKey(villageText),
        );
  const news = newCommunesOf(sqlite, old.id, mapDate);
  let communeId: number | undefined;
  if (news.length === 1) communeId = news[0];
  else {
    communeId = assignedCommune(sqlite, old.id, oldVillage?.id ?? null);
    if (communeId === undefined) {
      const where = villageText ? `thôn/ấp "${villageText}"` : 'các hộ không ghi thôn/ấp';
      return {
        ok: false,
        message: oldVillage || !villageText
          ? `${oldName} đã được chia cho nhiều xã mới; ${where} chưa được giao cho xã mới nào. Hãy giao thôn/ấp này ở màn hình Quy trình (mục "Hộ chờ chuyển xã mới") rồi nhập lại`
          : `${oldName} đã được chia cho nhiều xã mới và không có thôn/ấp "${villageText}" trong danh sách của xã cũ: ghi Mã xã mới cho hộ này, hoặc sửa tên thôn/ấp cho đúng rồi nhập lại`,
      };
    }
  }
  if (communeId === undefined || !into.has(communeId)) {
    return { ok: false, message: `${oldName} nay thuộc một xã ngoài đơn vị đang nhập: nhập hộ này ở đơn vị đó, hoặc ghi Mã xã mới` };
  }
  if (!oldVillage) return { ok: true, communeId, oldCommuneId: old.id, village: villageText, villageId: null };
  const planned = plannedVillage(sqlite, oldVillage.id, communeId);
  return { ok: true, communeId, oldCommuneId: old.id, village: planned.name, villageId: planned.existingId };
}
