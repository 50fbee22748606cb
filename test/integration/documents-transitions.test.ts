/**
 * Report tables 2 and 3 (diễn biến hộ nghèo, hộ cận nghèo) with people beside households, on a
 * small commune carried from 2023 to 2024 through the app's own services: members die, move out
 * and are born, one household dies out, one is new. The figures are checked against SQL written
 * here, against the story itself, and in the printed report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdFormInput } from '../../shared/entry/form';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { transitionTable } from '../../electron/core/documents/queries';
import { renderDocument } from '../../electron/core/documents/render';
import { insertHouseholds } from '../../electron/core/households/write';
import { classifyRound } from '../../electron/core/rounds/classify';
import { createRound } from '../../electron/core/rounds/rounds';
import { addVillage, loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { b2, household, member } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { pdfText, squash } from './documents-pdf';
import { apiOf } from '../fixtures/api';

const dir = tempDir('rasoat-transitions-');
const dbPath = path.join(dir, 'rasoat.sqlite');
let core: Core;
let services: Services;
let communeId: number;
let round2023: number;
let round2024: number;

const { call } = apiOf(() => services);
const sqlite = () => core.db.sqlite;
const idOf = (roundId: number, code: string) => sqlite().prepare('SELECT id FROM households WHERE round_id = ? AND code = ?').pluck().get(roundId, code) as number;
const memberId = (roundId: number, code: string, seq: number) =>
  sqlite().prepare('SELECT m.id FROM members m JOIN households h ON h.id = m.household_id WHERE h.round_id = ? AND h.code = ? AND m.seq = ?').pluck().get(roundId, code, seq) as number;

const POOR = ['water', 'sanitation', 'housingQuality'];
const NEAR = ['water'];
const people = (code: string, n: number) => Array.from({ length: n }, (_, i) => member(i + 1, `Người ${code.slice(-2)}-${i + 1}`, { birthDate: `${1960 + i * 7}-03-01`, relation: i === 0 ? 'head' : 'child' }));

/** Keys a 2024 household's Phiếu B (and optionally its roster) through the entry service. */
async function key2024(code: string, scoreA: number, deprived: string[], roster?: (m: HouseholdFormInput['members']) => HouseholdFormInput['members']): Promise<void> {
  const id = idOf(round2024, code);
  const { form } = await call('entry.form', { householdId: id });
  await call('entry.save', { roundId: round2024, householdId: id, form: { ...form, members: roster ? roster(form.members) : form.members, answers: { ...form.answers, scoreA, b2: b2(deprived) } } });
}

beforeAll(async () => {
  core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'cán bộ xã' });
  services = createServices(core);
  loadUnits(sqlite(), readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  const districtId = unitIdAt(sqlite(), '889', '2023-09-01')!;
  communeId = unitIdAt(sqlite(), '30487', '2023-09-01')!;
  const villageId = addVillage(sqlite(), communeId, '30487-01', 'Bình Hưng', 'ap');
  round2023 = createRound(
    sqlite(),
    { year: 2023, kind: 'periodic', title: 'Rà soát định kỳ năm 2023', ruleSetId: 'vn-2022-2026', unitMapDate: '2023-09-01', referenceDate: '2023-09-01', scopeUnitId: districtId },
    'test',
  );
  // 2023: four poor households (4, 3, 2 and 1 members), one near-poor (5), one neither (2).
  insertHouseholds(sqlite(), round2023, [
    household('30487-00011', communeId, villageId, 120, POOR, people('30487-00011', 4)),
    household('30487-00012', communeId, villageId, 118, POOR, people('30487-00012', 3)),
    household('30487-00013', communeId, villageId, 125, POOR, people('30487-00013', 2)),
    household('30487-00014', communeId, villageId, 110, POOR, people('30487-00014', 1)),
    household('30487-00015', communeId, villageId, 130, NEAR, people('30487-00015', 5)),
    household('30487-00016', communeId, villageId, 200, [], people('30487-00016', 2)),
  ]);
  classifyRound(sqlite(), core.registry, round2023, { actor: 'test' });

  // During 2023: a member of 11 dies, the sole member of 14 dies, one of 13 and one of 15 move out.
  const event = (code: string, seq: number, kind: 'died' | 'moved_out') =>
    call('entry.events.record', { householdId: idOf(round2023, code), kind, occurredOn: '2023-12-01', memberId: memberId(round2023, code, seq) });
  await event('30487-00011', 4, 'died');
  await event('30487-00014', 1, 'died');
  await event('30487-00013', 2, 'moved_out');
  await event('30487-00015', 5, 'moved_out');

  const started = await call('rounds.start', { fromRoundId: round2023, year: 2024, title: 'Rà soát định kỳ năm 2024', ruleSetId: 'vn-2022-2026', unitMapDate: '2024-09-01', referenceDate: '2024-09-01' });
  round2024 = started.roundId;

  // 2024: 11 stays poor (3 members); 12 stays poor with a baby born; 13 (1 member) becomes near-poor;
  // 15 (4 members) becomes poor; 16 falls into poverty for the first time; a new household of 3 is poor.
  await key2024('30487-00011', 121, POOR);
  await key2024('30487-00012', 119, POOR, (m) => [...m, { ...m[1]!, id: undefined, seq: m.length + 1, fullName: 'Bé Mới Sinh', birthDate: '2024-03-01', idNumber: null, relation: 'grandchild', schooling: null, education: null, employment: null }]);
  await call('entry.events.record', { householdId: idOf(round2024, '30487-00012'), kind: 'born', occurredOn: '2024-03-01', memberId: memberId(round2024, '30487-00012', 4) });
  await key2024('30487-00013', 132, NEAR);
  await key2024('30487-00015', 128, POOR);
  await key2024('30487-00016', 126, POOR);
  const form = (await call('entry.form', { householdId: idOf(round2024, '30487-00011') })).form;
  await call('entry.save', {
    roundId: round2024,
    form: {
      ...form,
      code: '30487-00020',
      address: 'Tổ 9, ấp Bình Hưng',
      members: people('30487-00020', 3).map(({ personKey: _k, ...m }) => m),
      answers: { ...form.answers, scoreA: 115, b2: b2(POOR) },
    },
  });
}, 60_000);
afterAll(() => core?.close());

/** Tables 2 and 3 asked with SQL written here: households matched across the rounds by code. */
function expected(of: 'poor' | 'near_poor'): { households: number[]; people: number[] } {
  const [exitA, exitB, cameIn] = of === 'poor' ? ['exited_to_near_poor', 'exited_above_near_poor', 'near_poor_to_poor'] : ['near_poor_to_poor', 'exited_near_poor', 'exited_to_near_poor'];
  const q = (sql: string, x: string | null = null) => sqlite().prepare(sql).get({ before: round2023, now: round2024, ...(x === null ? {} : { x }) }) as { h: number; p: number | null };
  const pair = `FROM households p JOIN results pr ON pr.household_id = p.id
    LEFT JOIN households c ON c.code = p.code AND c.round_id = @now LEFT JOIN results cr ON cr.household_id = c.id
    WHERE p.round_id = @before`;
  const current = `FROM households c JOIN results cr ON cr.household_id = c.id WHERE c.round_id = @now`;
  const start = q(`SELECT COUNT(*) h, SUM(p.member_count) p ${pair} AND pr.status = @x`, of);
  const exit = (t: string) => q(`SELECT COUNT(*) h, SUM(p.member_count) p ${pair} AND cr.transition = @x`, t);
  const gone = q(`SELECT COUNT(*) h, SUM(p.member_count) p ${pair} AND pr.status = @x AND c.id IS NULL`, of);
  const shrank = q(`SELECT 0 h, SUM(p.member_count - c.member_count) p ${pair} AND cr.status = @x AND cr.transition = 'same' AND c.member_count < p.member_count`, of);
  const grew = q(`SELECT 0 h, SUM(c.member_count - p.member_count) p ${pair} AND cr.status = @x AND cr.transition = 'same' AND c.member_count > p.member_count`, of);
  const came = (where: string, x: string) => q(`SELECT COUNT(*) h, SUM(c.member_count) p ${current} AND ${where}`, x);
  const rows = [
    start,
    exit(exitA),
    exit(exitB),
    { h: gone.h, p: (gone.p ?? 0) + (shrank.p ?? 0) },
    came('cr.transition = @x', cameIn),
    came("cr.status = @x AND cr.transition = 'fell_back'", of),
    came("cr.status = @x AND cr.transition = 'new'", of),
    (() => {
      const fresh = came('cr.status = @x AND cr.transition IS NULL', of);
      return { h: fresh.h, p: (fresh.p ?? 0) + (grew.p ?? 0) };
    })(),
    came('cr.status = @x', of),
  ];
  return { households: rows.map((r) => r.h), people: rows.map((r) => r.p ?? 0) };
}

describe('tables 2 and 3: households and people between two rounds', () => {
  it('the 2024 classes and transitions are those of the story', () => {
    const rows = sqlite()
      .prepare('SELECT h.code, h.member_count AS n, r.status, r.transition FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ? ORDER BY h.code')
      .raw()
      .all(round2024);
    expect(rows).toEqual([
      ['30487-00011', 3, 'poor', 'same'],
      ['30487-00012', 4, 'poor', 'same'],
      ['30487-00013', 1, 'near_poor', 'exited_to_near_poor'],
      ['30487-00015', 4, 'poor', 'near_poor_to_poor'],
      ['30487-00016', 2, 'poor', 'new'],
      ['30487-00020', 3, 'poor', null],
    ]);
    expect(idOf(round2024, '30487-00014')).toBeUndefined(); // everyone died: not copied
  });

  it('poor: people start with last year’s rosters, leave with them, arrive with this year’s; deaths and births of those who stay go to 4 and 8', () => {
    const f = transitionTable(sqlite(), round2024, [communeId], 'poor').get(communeId)!;
    // 1 start 4 households (4+3+2+1 people); 2 one to near-poor (2); 4 the household that died out (1) and a death in 11 (1);
    // 5 one near-poor came in (4 now); 7 one new (2); 8 the household new to the records (3) and a birth in 12 (1); 9 five (3+4+4+2+3).
    expect(f.slice(0, 9)).toEqual([4, 1, 0, 1, 1, 0, 1, 1, 5]);
    expect(f.slice(9)).toEqual([10, 2, 0, 2, 4, 0, 2, 4, 16]);
    expect({ households: f.slice(0, 9), people: f.slice(9) }).toEqual(expected('poor'));
  });

  it('near-poor: the household that became poor leaves with its 5 people of last year, the one that left poverty arrives with its 1 person of this year', () => {
    const f = transitionTable(sqlite(), round2024, [communeId], 'near_poor').get(communeId)!;
    expect(f.slice(0, 9)).toEqual([1, 1, 0, 0, 1, 0, 0, 0, 1]);
    expect(f.slice(9)).toEqual([5, 5, 0, 0, 1, 0, 0, 0, 1]);
    expect({ households: f.slice(0, 9), people: f.slice(9) }).toEqual(expected('near_poor'));
  });

  it('9 = 1 − 2 − 3 − 4 + 5 + 6 + 7 + 8 for households and people of both tables', () => {
    for (const of of ['poor', 'near_poor'] as const) {
      const f = transitionTable(sqlite(), round2024, [communeId], of).get(communeId)!;
      for (const row of [f.slice(0, 9), f.slice(9)]) {
        const [s, a, b, c, d, e, g, h, end] = row as [number, number, number, number, number, number, number, number, number];
        expect(s - a - b - c + d + e + g + h).toBe(end);
      }
    }
  });

  it('prints the two rows under "Phân tổ" with the note on how people are counted', async () => {
    const out = await renderDocument({ dbPath, resourcesDir: RESOURCES, roundId: round2024, unitId: communeId }, 'BC');
    const file = path.join(dir, 'bc.pdf');
    fs.writeFileSync(file, out.pdf);
    const t = squash(pdfText(file));
    expect(t).toContain('Phân tổ');
    expect(t).toContain('1 Xã Bình Mỹ Hộ 4 1 0 1 1 0 1 1 5 Nhân khẩu 10 2 0 2 4 0 2 4 16');
    expect(t).toContain('1 Xã Bình Mỹ Hộ 1 1 0 0 1 0 0 0 1 Nhân khẩu 5 5 0 0 1 0 0 0 1');
    expect(t).toContain('Ghi chú: Nhân khẩu: cột 1 đến 4 tính theo số nhân khẩu của hộ ở kỳ trước, cột 5 đến 9 theo kỳ này');
  });
});
