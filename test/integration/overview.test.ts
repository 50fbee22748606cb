/**
 * The overview (issue 14): every figure against its own SQL count, written here without the
 * overview's queries (one plain COUNT per figure and unit), on the demo district (2023, 13
 * communes, with workflow records, warnings and unscored households added) and on the demo's
 * province-scope round (2025, new map: communes merged on 1/7/2025, last year's figures from the
 * old communes). Then the plans (no statement reads every household), the deadlines, the rights,
 * and the targets: kept on screen, imported from Excel with a bad row.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { asCaller } from '../../electron/core/auth/caller';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { recordComplaint, recordMeeting, recordPosting, recordRecheck } from '../../electron/core/entry/workflow';
import { saveUpload } from '../../electron/core/excel/uploads';
import { exportPackage } from '../../electron/core/exchange/export';
import { importPackage } from '../../electron/core/exchange/import';
import { setupOffice } from '../../electron/core/units/office';
import { ensureRegister } from '../../electron/core/units/register';
import { overviewStatements } from '../../electron/core/overview/overview';
import { readUnitFile } from '../../electron/core/units/units';
import type { Overview, UnitProgress } from '../../shared/api/overview';
import { apiOf } from '../fixtures/api';
import { RESOURCES, tempDir } from '../helpers';

let core: Core;
let services: Services;
let dbPath: string;
const { call, send } = apiOf(() => services);
let round2023: number;
let round2025: number;
let round2022: number;

const one = <T>(sql: string, ...params: unknown[]): T => core.db.sqlite.prepare(sql).pluck().get(...params) as T;
const count = (sql: string, ...params: unknown[]): number => Number(one<number | null>(sql, ...params) ?? 0);
const pct = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 10000) / 100 : null);

beforeAll(() => {
  dbPath = path.join(tempDir('rasoat-overview-'), 'demo.sqlite');
  core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'cán bộ tỉnh' });
  const s = core.db.sqlite;
  buildDemo(s, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 1200, seed: 11 });
  services = createServices(core);
  round2022 = one<number>('SELECT id FROM rounds WHERE year = 2022');
  round2023 = one<number>('SELECT id FROM rounds WHERE year = 2023');
  round2025 = one<number>('SELECT id FROM rounds WHERE year = 2025');

  // The 2023 round's first commune moves through the steps: its households in every state, a
  // village meeting (agreed), a posting, complaints (one re-checked), a decision; warnings and
  // unscored households here and there.
  const communes = s.prepare('SELECT DISTINCT commune_id FROM households WHERE round_id = ? ORDER BY commune_id').pluck().all(round2023) as number[];
  const c = communes[0]!;
  const ids = s.prepare('SELECT id FROM households WHERE round_id = ? AND commune_id = ? ORDER BY id').pluck().all(round2023, c) as number[];
  const states = ['not_listed', 'listed', 'screened', 'scored', 're_review', 'agreed', 'posted', 'district_consulted', 'recognised'];
  ids.forEach((id, i) => s.prepare('UPDATE households SET review_state = ? WHERE id = ?').run(states[i % states.length], id));
  const village = one<number>("SELECT village_id FROM households WHERE round_id = ? AND commune_id = ? AND village_id IS NOT NULL AND review_state = 'scored' LIMIT 1", round2023, c);
  recordMeeting(
    s,
    {
      roundId: round2023, villageId: village, heldOn: '2023-10-20', place: 'Nhà văn hoá', chair: 'Trưởng ấp', secretary: 'Thư ký', attendeesCount: 40, householdsPresent: 30,
      householdsListed: 35, agreedCount: 30, outcome: 'agreed', reviewersCount: 2,
    },
    'test',
  );
  recordPosting(s, { roundId: round2023, communeId: c, fromDate: '2023-11-01', toDate: '2023-11-05', places: 'UBND xã' }, 'test');
  const [h1, h2] = ids;
  const complaint = recordComplaint(s, { roundId: round2023, householdId: h1!, receivedOn: '2023-11-03', content: 'Đề nghị xem lại' }, 'test');
  recordComplaint(s, { roundId: round2023, householdId: h2!, receivedOn: '2023-11-04', content: 'Đề nghị xem lại' }, 'test');
  recordRecheck(s, { complaintId: complaint.id, recheckedOn: '2023-11-06', result: 'Giữ nguyên' }, 'test');
  s.prepare("INSERT INTO decisions (round_id, commune_id, number, signed_on, signer_name, signer_title, created_at) VALUES (?, ?, '12/QĐ-UBND', '2023-12-10', 'A', 'Chủ tịch', '2023-12-10')").run(round2023, c);
  for (const id of ids.slice(5, 9)) s.prepare("INSERT INTO household_warnings (household_id, code, path, message, created_at) VALUES (?, 'w', 'p', 'Cảnh báo', '2023-10-01')").run(id);
  s.prepare("INSERT INTO household_warnings (household_id, code, path, message, created_at) VALUES (?, 'w2', 'p', 'Cảnh báo 2', '2023-10-01')").run(ids[5]);
  // Listed households without a result (not scored), in two communes.
  for (const id of [ids[10], ids[11], ...(s.prepare('SELECT id FROM households WHERE round_id = ? AND commune_id = ? ORDER BY id LIMIT 2').pluck().all(round2023, communes[1]) as number[])]) {
    s.prepare('DELETE FROM results WHERE household_id = ?').run(id);
  }
});

afterAll(() => core?.close());

/** One unit's figures by plain SQL: `where` narrows households h of the round. */
function expectedUnit(roundId: number, where: string, params: unknown[]) {
  const hh = (extra: string, ...p: unknown[]) => count(`SELECT COUNT(*) FROM households h WHERE h.round_id = ? AND ${where} ${extra}`, roundId, ...params, ...p);
  const res = (extra: string, ...p: unknown[]) =>
    count(`SELECT COUNT(*) FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND ${where} ${extra}`, roundId, ...params, ...p);
  const households = hh('');
  const listed = hh("AND h.review_state <> 'not_listed'");
  const inStates = (...s: string[]) => hh(`AND h.review_state IN (${s.map(() => '?').join(', ')})`, ...s);
  const poor = res("AND r.status = 'poor'");
  const nearPoor = res("AND r.status = 'near_poor'");
  return {
    steps: {
      listed: { done: listed, of: households },
      surveyed: {
        done: hh("AND h.review_state <> 'not_listed' AND (h.review_state <> 'listed' OR EXISTS (SELECT 1 FROM answers a WHERE a.household_id = h.id))"),
        of: listed,
      },
      scored: { done: res("AND h.review_state <> 'not_listed'"), of: listed },
      meeting: { done: inStates('agreed', 'posted', 'district_consulted', 'recognised'), of: listed },
      posted: { done: inStates('posted', 'district_consulted', 'recognised'), of: listed },
      complaints: {
        done: count(`SELECT COUNT(*) FROM complaints c JOIN households h ON h.id = c.household_id WHERE c.round_id = ? AND ${where} AND c.result IS NOT NULL`, roundId, ...params),
        of: count(`SELECT COUNT(*) FROM complaints c JOIN households h ON h.id = c.household_id WHERE c.round_id = ? AND ${where}`, roundId, ...params),
      },
      decision: { done: inStates('recognised'), of: listed },
    },
    households,
    classified: res(''),
    classes: {
      poor,
      near_poor: nearPoor,
      middle_income: res("AND r.status = 'middle_income'"),
      escaped: res("AND r.transition IN ('exited_to_near_poor', 'exited_above_near_poor')"),
      fell_back: res("AND r.transition = 'fell_back'"),
      new: res("AND r.transition = 'new'"),
    },
    poorRate: pct(poor, households),
    nearPoorRate: pct(nearPoor, households),
  };
}

function figures(u: UnitProgress) {
  return { steps: u.steps, households: u.counts.households, classified: u.counts.classified, classes: u.counts.classes, poorRate: u.counts.poorRate, nearPoorRate: u.counts.nearPoorRate };
}

/** Last year's households of the communes that became this one (itself, its code, the old communes mapped into it). */
function expectedLastYear(previousRound: number, communeIds: number[]) {
  const before = `SELECT u.id FROM units u WHERE u.level = 'commune' AND (u.id IN (SELECT value FROM json_each($c)) OR u.code IN (SELECT code FROM units WHERE id IN (SELECT value FROM json_each($c)))
    OR u.id IN (SELECT old_unit_id FROM unit_map WHERE new_unit_id IN (SELECT value FROM json_each($c))))`;
  const c = JSON.stringify(communeIds);
  const households = Number(core.db.sqlite.prepare(`SELECT COUNT(*) FROM households p WHERE p.round_id = $r AND p.commune_id IN (${before})`).pluck().get({ r: previousRound, c }));
  const poor = Number(core.db.sqlite.prepare(`SELECT COUNT(*) FROM households p JOIN results r ON r.household_id = p.id WHERE p.round_id = $r AND r.status = 'poor' AND p.commune_id IN (${before})`).pluck().get({ r: previousRound, c }));
  const nearPoor = Number(core.db.sqlite.prepare(`SELECT COUNT(*) FROM households p JOIN results r ON r.household_id = p.id WHERE p.round_id = $r AND r.status = 'near_poor' AND p.commune_id IN (${before})`).pluck().get({ r: previousRound, c }));
  return { households, poor, nearPoor };
}

function checkOverview(o: Overview, roundId: number, previousRound: number | null) {
  const total = o.scope.level === 'round' ? expectedUnit(roundId, 'h.commune_id IN (SELECT value FROM json_each(?))', [JSON.stringify(o.communes.map((c) => c.unitId))]) : null;
  if (total) expect(figures(o.total)).toEqual(total);
  for (const c of o.communes) {
    if (o.scope.level !== 'village') expect(figures(c), c.fullName).toEqual(expectedUnit(roundId, 'h.commune_id = ?', [c.unitId]));
    for (const v of c.villages) {
      const where = v.unitId === 0 ? 'h.commune_id = ? AND h.village_id IS NULL' : 'h.commune_id = ? AND h.village_id = ?';
      expect(figures(v), `${c.fullName} / ${v.fullName}`).toEqual(expectedUnit(roundId, where, v.unitId === 0 ? [c.unitId] : [c.unitId, v.unitId]));
    }
    if (previousRound !== null && o.scope.level !== 'village') {
      const e = expectedLastYear(previousRound, [c.unitId]);
      expect({ households: c.lastYear!.households, poor: c.lastYear!.poor, nearPoor: c.lastYear!.nearPoor }, c.fullName).toEqual(e);
      expect(c.lastYear!.poorChange).toBe(Math.round((pct(e.poor, e.households)! - c.counts.poorRate!) * 100) / 100);
    }
  }
  // Every household of the scope is in one village row of one commune.
  const where = o.scope.level === 'village' ? 'h.village_id = ?' : o.scope.level === 'commune' ? 'h.commune_id = ?' : '1 = 1';
  const scopeParams = o.scope.level === 'round' ? [] : [o.scope.unitId];
  expect(o.communes.flatMap((c) => c.villages).reduce((s, v) => s + v.counts.households, 0)).toBe(count(`SELECT COUNT(*) FROM households h WHERE h.round_id = ? AND ${where}`, roundId, ...scopeParams));

  // Deprivation per indicator, from the B2 answers read one by one.
  const answers = core.db.sqlite
    .prepare(`SELECT a.b2, r.status FROM households h JOIN answers a ON a.household_id = h.id LEFT JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND ${where} AND a.b2 IS NOT NULL`)
    .all(roundId, ...scopeParams) as { b2: string; status: string | null }[];
  expect(o.indicators.length).toBe(12);
  for (const i of o.indicators) {
    const answered = answers.filter((a) => typeof (JSON.parse(a.b2) as Record<string, unknown>)[i.id] === 'boolean');
    const deprived = answered.filter((a) => (JSON.parse(a.b2) as Record<string, unknown>)[i.id] === true);
    expect({ answered: i.answered, deprived: i.deprived, rate: i.rate, poor: i.deprivedPoorOrNearPoor }, i.label).toEqual({
      answered: answered.length,
      deprived: deprived.length,
      rate: pct(deprived.length, answered.length),
      poor: deprived.filter((a) => a.status === 'poor' || a.status === 'near_poor').length,
    });
  }
  for (const c of o.causes) {
    const n = (status: string) =>
      count(`SELECT COUNT(*) FROM household_causes x JOIN households h ON h.id = x.household_id JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND ${where} AND x.cause = ? AND r.status = ?`, roundId, ...scopeParams, c.cause, status);
    expect({ poor: c.poor, nearPoor: c.nearPoor }, c.label).toEqual({ poor: n('poor'), nearPoor: n('near_poor') });
  }
  // Households with warnings, or listed without a result (or with answers changed after it).
  const attention = core.db.sqlite
    .prepare(
      `SELECT h.id FROM households h LEFT JOIN results r ON r.household_id = h.id LEFT JOIN answers a ON a.household_id = h.id WHERE h.round_id = ? AND ${where}
       AND (EXISTS (SELECT 1 FROM household_warnings w WHERE w.household_id = h.id)
         OR (h.review_state <> 'not_listed' AND (r.household_id IS NULL OR a.updated_at > r.computed_at))) ORDER BY h.id`,
    )
    .pluck()
    .all(roundId, ...scopeParams) as number[];
  expect(o.attention.map((a) => a.householdId).sort((a, b) => a - b)).toEqual(attention);
  expect(o.attentionTotal).toBe(attention.length);
  for (const a of o.attention) expect(a.warnings).toBe(count('SELECT COUNT(*) FROM household_warnings WHERE household_id = ?', a.householdId));
}

describe('the overview of the demo district (2023, district scope)', () => {
  it('has every figure of every commune and village equal to its SQL count', async () => {
    const o = await call('overview.get', { roundId: round2023, today: '2023-11-01' });
    expect(o.scope.level).toBe('round');
    expect(o.communes).toHaveLength(13);
    // The figures are not all zero: the test would not see a step or class counted wrong.
    expect(o.total.steps.meeting.done).toBeGreaterThan(0);
    expect(o.total.steps.complaints).toEqual({ done: 1, of: 2 });
    expect(o.total.counts.classes.escaped).toBeGreaterThan(0);
    expect(o.total.counts.classes.new).toBeGreaterThan(0);
    expect(o.attentionTotal).toBe(8);
    checkOverview(o, round2023, round2022);
    const first = o.communes.find((c) => c.decision !== null)!;
    expect(first.decision).toEqual({ number: '12/QĐ-UBND', signedOn: '2023-12-10' });
    expect(first.postings).toBe(1);
    expect(first.villages.filter((v) => v.meetingAgreed)).toHaveLength(1);
    // The scope's last year: the whole district in 2022.
    const e = expectedLastYear(round2022, o.communes.map((c) => c.unitId));
    expect({ households: o.lastYear!.households, poor: o.lastYear!.poor, nearPoor: o.lastYear!.nearPoor }).toEqual(e);
  });

  it('narrows to one commune and to one village', async () => {
    const communeId = one<number>('SELECT commune_id FROM decisions WHERE round_id = ?', round2023);
    const o = await call('overview.get', { roundId: round2023, communeId });
    expect(o.scope).toMatchObject({ level: 'commune', unitId: communeId });
    expect(o.communes).toHaveLength(1);
    checkOverview(o, round2023, round2022);
    expect(figures(o.total)).toEqual(figures(o.communes[0]!));
    const villageId = one<number>('SELECT village_id FROM village_meetings WHERE round_id = ?', round2023);
    const v = await call('overview.get', { roundId: round2023, villageId });
    expect(v.scope).toMatchObject({ level: 'village', unitId: villageId });
    expect(v.communes[0]!.villages).toHaveLength(1);
    expect(v.total.meetingAgreed).toBe(true); // the scope's one village met and agreed
    expect(v.communes[0]!.villages[0]!.meetingAgreed).toBe(true);
    checkOverview(v, round2023, null);
  });

  it('refuses a commune outside the round and a village of another commune, in Vietnamese', async () => {
    const other = one<number>("SELECT id FROM units WHERE level = 'commune' AND id NOT IN (SELECT commune_id FROM households WHERE round_id = ?) LIMIT 1", round2023);
    const e = await send('overview.get', { roundId: round2023, communeId: other });
    expect(e.ok).toBe(false);
    if (!e.ok) expect(e.error.issues?.[0]?.message).toMatch(/không thuộc phạm vi của đợt rà soát/u);
  });
});

describe('the overview of a province (the demo 2025 round: every commune of the province office, merged communes)', () => {
  it('has every figure equal to its SQL count, last year from the old communes merged into each', async () => {
    const o = await call('overview.get', { roundId: round2025 });
    expect(o.communes.length).toBeGreaterThan(1);
    // A merged commune: its 2023 households came from several old communes.
    expect(o.communes.some((c) => count('SELECT COUNT(*) FROM unit_map WHERE new_unit_id = ?', c.unitId) > 1)).toBe(true);
    checkOverview(o, round2025, round2023);
    expect(o.lastYear!.households).toBe(expectedLastYear(round2023, o.communes.map((c) => c.unitId)).households);
  });
});

describe('the overview reads no household table from end to end', () => {
  it('has every statement use an index of the round (EXPLAIN QUERY PLAN), at each scope', () => {
    const filters = ['', 'AND h.commune_id = ?', 'AND h.commune_id = ? AND h.village_id = ?'];
    for (const filter of filters) {
      for (const [name, sql] of Object.entries(overviewStatements(filter))) {
        const params = name === 'lastYear' ? [1, '[1]'] : [1, ...filter.split('?').slice(1).map(() => 1)];
        const plan = (core.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
        expect(plan.filter((d) => /^SCAN (h|p|households)\b/u.test(d)), `${name} ${filter}: ${plan.join(' | ')}`).toEqual([]);
        expect(plan.some((d) => /^SEARCH (h|p) USING ((COVERING )?INDEX households_|INTEGER PRIMARY KEY)/u.test(d)), `${name} ${filter}: ${plan.join(' | ')}`).toBe(true);
      }
    }
    const progress = (core.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${overviewStatements('AND h.commune_id = ?').progress}`).all(1, 1) as { detail: string }[]).map((r) => r.detail);
    expect(progress.join(' | ')).toMatch(/COVERING INDEX households_round_commune_village_state/u);
  });
});

describe('the round deadlines', () => {
  it('come from the rule set with the days left, and none for an ad-hoc round', async () => {
    const o = await call('overview.get', { roundId: round2023, today: '2023-11-01' });
    expect(o.deadlines.map((d) => [d.id, d.date, d.daysLeft])).toEqual([
      ['reviewStart', '2023-09-01', -61],
      ['reviewEnd', '2023-12-14', 43],
      ['preliminaryReport', '2023-11-15', 14],
      ['officialReport', '2023-12-20', 49],
    ]);
    expect(o.deadlines.every((d) => !d.unverified && d.source.includes('Quyết định 24/2021'))).toBe(true);
    expect(o.deadlinesNote).toBeNull();
  });
});

describe('who may read the overview', () => {
  const keyer = (villageIds: number[]) => ({ userId: 99, name: 'nhaplieu', fullName: 'Nhập liệu', role: 'keyer' as const, villageIds });
  it('lets a keyer read only one of their villages, and every other role the whole round', async () => {
    const villageId = one<number>('SELECT village_id FROM village_meetings WHERE round_id = ?', round2023);
    const other = one<number>('SELECT village_id FROM households WHERE round_id = ? AND village_id <> ? LIMIT 1', round2023, villageId);
    const mine = await asCaller(keyer([villageId]), () => send('overview.get', { roundId: round2023, villageId }));
    expect(mine.ok).toBe(true);
    const whole = await asCaller(keyer([villageId]), () => send('overview.get', { roundId: round2023 }));
    expect(whole.ok).toBe(false);
    const outside = await asCaller(keyer([villageId]), () => send('overview.get', { roundId: round2023, villageId: other }));
    expect(outside.ok).toBe(false);
    if (!outside.ok) expect(outside.error.code).toBe('FORBIDDEN');
    const viewer = await asCaller({ userId: 98, name: 'xem', fullName: 'Xem', role: 'viewer', villageIds: [] }, () => send('overview.get', { roundId: round2023 }));
    expect(viewer.ok).toBe(true);
    const viewerSets = await asCaller({ userId: 98, name: 'xem', fullName: 'Xem', role: 'viewer', villageIds: [] }, () =>
      send('overview.targets.set', { communeCode: '30316', year: 2023, poorReduction: 1 }),
    );
    expect(viewerSets.ok).toBe(false);
  });
});

describe('poverty-reduction targets', () => {
  const auditRows = () => count("SELECT COUNT(*) FROM audit WHERE entity = 'overview_target'");

  it('are added, changed and deleted on screen, audited, and shown against the result', async () => {
    const commune = core.db.sqlite.prepare('SELECT id, code FROM units WHERE id = (SELECT commune_id FROM decisions WHERE round_id = ?)').get(round2023) as { id: number; code: string };
    const before = auditRows();
    const t = await call('overview.targets.set', { communeCode: commune.code, year: 2023, poorReduction: 1.5, note: 'Nghị quyết HĐND' });
    expect(t).toMatchObject({ communeCode: commune.code, year: 2023, poorReduction: 1.5, nearPoorReduction: null });
    expect(t.communeName).not.toBe('');
    await call('overview.targets.set', { communeCode: commune.code, year: 2023, poorReduction: 1, nearPoorReduction: 0.5 });
    expect(await call('overview.targets.list', { year: 2023 })).toMatchObject([{ communeCode: commune.code, poorReduction: 1, nearPoorReduction: 0.5, note: '' }]);
    expect(auditRows()).toBe(before + 2);
    const audit = core.db.sqlite.prepare("SELECT action, old_value, new_value FROM audit WHERE entity = 'overview_target' ORDER BY id DESC LIMIT 1").get() as { action: string; old_value: string; new_value: string };
    expect(audit.action).toBe('update');
    expect(JSON.parse(audit.old_value)).toMatchObject({ poorReduction: 1.5 });
    expect(JSON.parse(audit.new_value)).toMatchObject({ poorReduction: 1 });

    const o = await call('overview.get', { roundId: round2023 });
    const c = o.communes.find((x) => x.unitId === commune.id)!;
    expect(c.target!.target.poorReduction).toBe(1);
    expect(c.target!.poorAchieved).toBe(c.lastYear!.poorChange);
    const nearOk = c.lastYear!.nearPoorChange! >= 0.5;
    expect(c.target!.met).toBe(c.lastYear!.poorChange! >= 1 && nearOk);
    expect(o.communes.filter((x) => x.target !== null)).toHaveLength(1);

    const bad = await send('overview.targets.set', { communeCode: '99999', year: 2023, poorReduction: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.issues?.[0]?.message).toMatch(/Mã xã 99999 không có trong danh mục/u);
    const badPoints = await send('overview.targets.set', { communeCode: commune.code, year: 2023, poorReduction: 150 });
    expect(badPoints.ok).toBe(false);
    if (!badPoints.ok) expect(badPoints.error.issues?.[0]?.message).toMatch(/từ 0 đến 100 điểm %/u);

    expect(await call('overview.targets.delete', { communeCode: commune.code, year: 2023 })).toEqual({ deleted: true });
    expect(await call('overview.targets.list', { year: 2023 })).toEqual([]);
    expect(auditRows()).toBe(before + 3);
  });

  it('are imported from Excel: a bad row is named in Vietnamese and left out, the good rows written after a backup', async () => {
    const codes = core.db.sqlite.prepare("SELECT DISTINCT u.code FROM units u JOIN households h ON h.commune_id = u.id WHERE h.round_id = ? ORDER BY u.code LIMIT 2").pluck().all(round2025) as string[];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Chỉ tiêu');
    ws.addRow(['CHỈ TIÊU GIẢM NGHÈO NĂM 2025']);
    ws.addRow(['Mã xã', 'Năm', 'Chỉ tiêu giảm tỷ lệ hộ nghèo (điểm %)', 'Chỉ tiêu giảm tỷ lệ hộ cận nghèo (điểm %)', 'Ghi chú']);
    ws.addRow([codes[0], 2025, 1.5, null, 'QĐ của tỉnh']);
    ws.addRow([codes[1], 2025, '1,2', 0.5, '']);
    ws.addRow(['12', 2025, 'một', null, '']);
    const file = path.join(path.dirname(dbPath), 'chi-tieu.xlsx');
    await wb.xlsx.writeFile(file);
    const upload = saveUpload(dbPath, fs.readFileSync(file));

    const preview = await call('overview.targets.import', { upload, preview: true });
    expect(preview.written).toBe(0);
    expect(preview.problems).toBe(1);
    expect(await call('overview.targets.list', { year: 2025 })).toEqual([]);
    const badRow = preview.rows.find((r) => r.problem !== null)!;
    expect(badRow.line).toBe(5);
    expect(badRow.problem).toMatch(/^Dòng 5: mã xã "12" phải gồm đúng 5 chữ số; .*chỉ tiêu giảm tỷ lệ hộ nghèo "một" phải là một số điểm %.*Hãy sửa trong tệp rồi nhập lại/u);

    const backupsIn = () => (fs.existsSync(core.backupDir) ? fs.readdirSync(core.backupDir).length : 0);
    const backups = backupsIn();
    const done = await call('overview.targets.import', { upload, preview: false });
    expect(done).toMatchObject({ written: 2, problems: 1 });
    expect(done.backupFile).toBeTruthy();
    expect(backupsIn()).toBe(backups + 1);
    expect((await call('overview.targets.list', { year: 2025 })).map((t) => [t.communeCode, t.poorReduction, t.nearPoorReduction, t.note])).toEqual([
      [codes[0], 1.5, null, 'QĐ của tỉnh'],
      [codes[1], 1.2, 0.5, ''],
    ]);
    expect(count("SELECT COUNT(*) FROM audit WHERE entity = 'overview_target' AND action = 'create'")).toBeGreaterThanOrEqual(2);
    const o = await call('overview.get', { roundId: round2025 });
    expect(o.communes.filter((c) => c.target !== null).map((c) => c.code).sort()).toEqual(codes);
  });

  it('says what is wrong with a sheet without a header row', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['30316', 2025, 1]);
    const file = path.join(path.dirname(dbPath), 'khong-tieu-de.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await call('overview.targets.import', { upload: saveUpload(dbPath, fs.readFileSync(file)), preview: false });
    expect(r.written).toBe(0);
    expect(r.message).toMatch(/không có dòng tiêu đề.*"Mã xã", "Năm"/u);
  });
});

describe('the overview report (PDF)', () => {
  it('is printed by a job with the figures and the charts drawn as SVG by ECharts, text in Vietnamese', async () => {
    const { id } = await call('jobs.start', { kind: 'overview.report', input: { roundId: round2023, today: '2023-11-01' } });
    const final = await core.jobs.wait(id);
    expect(final.error).toBeNull();
    expect(final.state).toBe('done');
    const file = core.jobs.file(id);
    expect(file.name).toMatch(/^tong-quan-2023-\d+\.pdf$/u);
    const text = spawnSync('pdftotext', ['-raw', file.path, '-'], { encoding: 'utf8' }).stdout.normalize('NFC');
    const o = await call('overview.get', { roundId: round2023, today: '2023-11-01' });
    expect(text).toContain('TỔNG QUAN RÀ SOÁT ĐỊNH KỲ NĂM 2023');
    // Each chart's title, drawn inside its SVG, and a bar label with its figure.
    for (const title of ['Tiến độ theo các bước (%)', 'Số hộ theo phân loại', 'Tỷ lệ hộ nghèo (%)', 'Tỷ lệ thiếu hụt theo chỉ số (%)', 'Nguyên nhân nghèo (số hộ)']) expect(text).toContain(title);
    expect(text).toContain(`Tổng số hộ ${o.total.counts.households.toLocaleString('de-DE')}`);
    expect(text).toContain(`Kết thúc rà soát định kỳ 14/12/2023 43`);
  });
});

describe('the overview of a province made of imported commune packages (issue 13 exchange)', () => {
  it('has every figure equal to its SQL count in the province database', async () => {
    const demo = core;
    const codes = demo.db.sqlite.prepare('SELECT DISTINCT u.code FROM households h JOIN units u ON u.id = h.commune_id WHERE h.round_id = ? ORDER BY u.code').pluck().all(round2025) as string[];
    const dir = path.dirname(dbPath);
    const province = new Core({ dbPath: path.join(dir, 'province.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ tỉnh', backupDir: path.join(dir, 'backups-province') });
    try {
      ensureRegister(province.db.sqlite, RESOURCES, 'tester');
      setupOffice(province.db.sqlite, '91', 'tester');
      for (const code of codes) {
        const out = path.join(dir, `${code}.pkg`);
        exportPackage(demo, { roundYear: 2025, unitCode: code, out, passphrase: 'mat-khau-trao-doi-2025' });
        expect(importPackage(province, out, 'mat-khau-trao-doi-2025').imported).toBe(true);
      }
      core = province;
      services = createServices(province);
      const roundId = one<number>('SELECT id FROM rounds WHERE year = 2025');
      const o = await call('overview.get', { roundId });
      expect(o.communes.filter((c) => c.counts.households > 0).map((c) => c.code).sort()).toEqual(codes);
      expect(o.total.counts.households).toBe(count('SELECT COUNT(*) FROM households WHERE round_id = ?', roundId));
      checkOverview(o, roundId, null);
    } finally {
      core = demo;
      services = createServices(demo);
      province.close();
    }
  }, 240_000);
});
