/**
 * Phụ lục I (Thông tư 07/2021), "Danh sách hộ gia đình cần rà soát", prints the households on
 * the review list built in the workflow's first step (buildList: last round's poor and near-poor
 * plus the households that filed a request), not every household of the commune. A household the
 * list set aside (review_state 'not_listed') is absent; the listed ones, and those already
 * scored, are present. The village minutes (Phụ lục V) count the same list.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { countList, listRows } from '../../electron/core/documents/queries';
import { renderDocument } from '../../electron/core/documents/render';
import { buildList } from '../../electron/core/entry/workflow';
import { insertHouseholds } from '../../electron/core/households/write';
import { classifyRound } from '../../electron/core/rounds/classify';
import { createRound } from '../../electron/core/rounds/rounds';
import { addVillage, loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import type { DocumentId } from '../../shared/api/documents';
import { household, member } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { pdfText, squash } from './documents-pdf';

const tmp = tempDir('rasoat-p1-');
const core = new Core({ dbPath: path.join(tmp, 'rasoat.sqlite'), resourcesDir: RESOURCES });
let roundId: number;
let communeId: number;
let villageId: number;
const ids: Record<'wasPoor' | 'requested' | 'neither' | 'scored', number> = { wasPoor: 0, requested: 0, neither: 0, scored: 0 };

const NAMES = {
  wasPoor: 'Nguyễn Văn Nghèo', // poor in 2022: on the list
  requested: 'Trần Thị Đề Nghị', // filed Mẫu 01: on the list
  neither: 'Lê Văn Ngoài', // neither: set aside
  scored: 'Phạm Thị Đã Chấm', // already scored: keeps its state, on the list
};

beforeAll(() => {
  const sqlite = core.db.sqlite;
  loadUnits(sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  const districtId = unitIdAt(sqlite, '889', '2023-09-01')!;
  communeId = unitIdAt(sqlite, '30487', '2023-09-01')!;
  villageId = addVillage(sqlite, communeId, '30487-01', 'Bình Hưng', 'ap');
  const round = (year: number): number =>
    createRound(
      sqlite,
      { year, kind: 'periodic', title: `Rà soát định kỳ năm ${year}`, ruleSetId: 'vn-2022-2026', unitMapDate: `${year}-09-01`, referenceDate: `${year}-09-01`, scopeUnitId: districtId },
      'test',
    );
  const r2022 = round(2022);
  insertHouseholds(sqlite, r2022, [
    household('30487-00001', communeId, villageId, 120, ['employment', 'water', 'sanitation', 'healthInsurance'], [member(1, NAMES.wasPoor)]),
    household('30487-00003', communeId, villageId, 190, [], [member(1, NAMES.neither)]),
  ]);
  classifyRound(sqlite, core.registry, r2022, { actor: 'test' });
  roundId = round(2023);
  [ids.wasPoor, ids.requested, ids.neither, ids.scored] = insertHouseholds(sqlite, roundId, [
    household('30487-00001', communeId, villageId, 120, ['employment', 'water', 'sanitation', 'healthInsurance'], [member(1, NAMES.wasPoor)]),
    household('30487-00002', communeId, villageId, 135, ['water'], [member(1, NAMES.requested, { sex: 'female' })]),
    household('30487-00003', communeId, villageId, 190, [], [member(1, NAMES.neither)]),
    { ...household('30487-00004', communeId, villageId, 300, [], [member(1, NAMES.scored, { sex: 'female' })]), reviewState: 'scored' },
  ]) as [number, number, number, number];
  sqlite.prepare("INSERT INTO household_entry (household_id, request_kind, request_received_on) VALUES (?, 'mau01', '2023-09-05')").run(ids.requested);
  const built = buildList(sqlite, roundId, communeId, 'test');
  // On the list: last year's poor household, the Mẫu 01 request and the one already scored.
  expect(built).toEqual({ listed: 3, requests: 1, mau01: 1, mau04: 0, lastYear: 1 });
});

afterAll(() => core.close());

async function text(doc: DocumentId): Promise<string> {
  const out = await renderDocument({ dbPath: core.options.dbPath, resourcesDir: RESOURCES, roundId, unitId: communeId }, doc);
  const file = path.join(tmp, `${doc}.pdf`);
  fs.writeFileSync(file, out.pdf);
  return squash(pdfText(file));
}

describe('Phụ lục I lists the households on the review list', () => {
  it('the workflow step set the states the list is read from', () => {
    const state = (id: number): string => core.db.sqlite.prepare('SELECT review_state FROM households WHERE id = ?').pluck().get(id) as string;
    expect([state(ids.wasPoor), state(ids.requested), state(ids.neither), state(ids.scored)]).toEqual(['listed', 'listed', 'not_listed', 'scored']);
  });

  it('the list query leaves out the household set aside', () => {
    const names = listRows(core.db.sqlite, roundId, [communeId], 'reviewed').map((r) => r.headName);
    expect(names.sort()).toEqual([NAMES.wasPoor, NAMES.requested, NAMES.scored].sort());
    expect(countList(core.db.sqlite, roundId, [communeId], 'reviewed')).toEqual({ households: 3, people: 3 });
  });

  it('the printed Phụ lục I has the listed households and not the one set aside', async () => {
    const t = await text('P1');
    expect(t).toContain('DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT');
    for (const name of [NAMES.wasPoor, NAMES.requested, NAMES.scored]) expect(t).toContain(name);
    expect(t).not.toContain(NAMES.neither);
    expect(t).toContain('Tổng cộng: 3 hộ.');
  });

  it('the village minutes count the households on the list', async () => {
    const t = await text('P5');
    expect(t).toContain('trên tổng số 3 hộ gia đình có tên trong Danh sách hộ gia đình cần rà soát');
  });
});
