import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf } from '../fixtures/api';
import { createServices, type Services } from '../../electron/core/api/services';
import type { ApiInput } from '../../shared/api/contract';
import type { Caller } from '../../electron/core/auth/caller';
import { Core } from '../../electron/core/core';
import { classifyHousehold } from '../../electron/core/entry/classify-one';
import { getRound } from '../../electron/core/rounds/rounds';
import { snapshotOf } from '../../electron/core/rulesets/snapshots';
import { b1Form, openWithSyntheticB1, type B1Database } from '../fixtures/b1-loaded';
import { seedSmall } from '../fixtures/small-db';
import { reclassified, RESOURCES, tempDir } from '../helpers';

// Issue 15 item 3: a screen for published values. An administrator enters the score A cut-offs,
// the middle-income band, the posting days… each with its document; this makes a new rule-set
// version validated like a loaded file, previewed on a sample of households, then saved and used
// at once; results keep naming the version that produced them.

let dir: string;
let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;
const api = apiOf(() => services);

beforeAll(() => {
  dir = tempDir('rasoat-published-');
  core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'quản trị' });
  seeded = seedSmall(core);
  services = createServices(core);
});
afterAll(async () => {
  await core.jobs.close();
  core.close();
});

const standardsFile = (): string => path.join(dir, 'standards', 'vn-2022-2026.json');
const DOC = { number: 'Quyết định 15/QĐ-UBND', date: '2026-01-15', issuer: 'UBND tỉnh An Giang' };
const lowerRural: ApiInput<'published.preview'> = { ruleSetId: 'vn-2022-2026', values: { scoreA: { rural: 125, urban: 175 }, postingDays: 3 }, document: DOC };
const resultsByCode = (): Record<string, { status: string; version: string }> =>
  Object.fromEntries(
    (
      core.db.sqlite
        .prepare('SELECT h.code, r.status, r.rule_set_version AS version FROM results r JOIN households h ON h.id = r.household_id ORDER BY h.code')
        .all() as { code: string; status: string; version: string }[]
    ).map((r) => [r.code, { status: r.status, version: r.version }]),
  );

describe('published values', () => {
  it('shows the values in use with the period’s area words', async () => {
    const cur = await api.call('published.current', { ruleSetId: 'vn-2022-2026' });
    expect(cur).toMatchObject({ version: '2022.1', areaLabels: { rural: 'nông thôn', urban: 'thành thị' }, scoreA: { value: { rural: 140, urban: 175 }, status: 'confirmed' } });
    expect(cur.postingDays).toMatchObject({ value: null, status: 'unknown' });
    const later = await api.call('published.current', { ruleSetId: 'vn-2027-2030' });
    expect(later.areaLabels.urban).toBe('đô thị');
    expect(later.scoreA).toMatchObject({ value: null, status: 'unknown' });
  });

  it('refuses a bad value with a Vietnamese message naming the field, and writes nothing', async () => {
    const bad = await api.send('published.preview', { ...lowerRural, values: { scoreA: { rural: -5, urban: 175 } } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('INVALID_INPUT');
    expect(bad.error.message).toMatch(/Ngưỡng điểm A \(Phiếu B1\) — nông thôn: phải lớn hơn 0/u);
    expect(bad.error.message).toMatch(/chưa lưu gì/u);

    const band = await api.send('published.save', {
      ...lowerRural,
      values: { middleIncome: { rural: { above: 2_000_000, atMost: 1_500_000 }, urban: { above: 2_000_000, atMost: 3_000_000 } } },
    });
    expect(!band.ok && band.error.message).toMatch(/mức sống trung bình — nông thôn — đến: phải lớn hơn mức "trên"/u);
    const days = await api.send('published.save', { ...lowerRural, values: { postingDays: 2.5 } });
    expect(!days.ok && days.error.message).toMatch(/Số ngày niêm yết \(ngày làm việc\): phải là số nguyên/u);
    const none = await api.send('published.save', { ...lowerRural, values: {} });
    expect(!none.ok && none.error.message).toMatch(/Chưa nhập giá trị công bố nào/u);

    expect(fs.existsSync(standardsFile())).toBe(false);
    expect(core.registry.require('vn-2022-2026').version).toBe('2022.1');
    expect(core.db.sqlite.prepare('SELECT COUNT(*) FROM rule_set_confirmations').pluck().get()).toBe(0);
  });

  it('previews the new version: its changes and the before/after on the sample, without writing', async () => {
    const p = await api.call('published.preview', lowerRural);
    expect(p).toMatchObject({ id: 'vn-2022-2026', oldVersion: '2022.1', newVersion: '2022.1+20260115.1' });
    const paths = p.changes.map((c) => c.path);
    expect(paths).toContain('scoreA.value.cutoff.rural');
    expect(paths).toContain('scoreA.provenance.document');
    expect(paths).toContain('postingDays');
    expect(paths).not.toContain('scoreA.value.cutoff.urban');
    expect(p.changes.find((c) => c.path === 'scoreA.value.cutoff.rural')).toMatchObject({ before: 140, after: 125 });
    expect(p.sample.round).toMatchObject({ id: seeded.roundId });
    expect(p.sample).toMatchObject({ households: 3, notSampled: 0 });
    expect(p.sample.before).toMatchObject({ poor: 1, near_poor: 1, neither: 1, unclassified: 0 });
    expect(p.sample.after).toMatchObject({ poor: 1, near_poor: 0, neither: 2, unclassified: 0 });
    expect(p.sample.changed).toEqual([
      expect.objectContaining({ code: '30487-00002', headName: 'Đào Thị Ấn', before: 'near_poor', after: 'neither', beforeLabel: 'Hộ cận nghèo' }),
    ]);
    // The Phiếu A items (unknown in the shipped set) can be given too, with the same document.
    const a = await api.call('published.preview', {
      ...lowerRural,
      values: { screening: { groups: [{ id: 'G1', label: 'Tài sản', excludeAtLeast: 1 }], items: [{ id: 'A1', group: 'G1', label: 'Có ô tô' }] } },
    });
    expect(a.changes.find((c) => c.path === 'screening.status')).toMatchObject({ before: 'unknown', after: 'confirmed' });
    expect(fs.existsSync(standardsFile())).toBe(false);
    expect(core.registry.require('vn-2022-2026').version).toBe('2022.1');
  });

  it('saves a new version used at once; new results name it, older ones keep theirs; audited with the document', async () => {
    await reclassified(api.send, { roundId: seeded.roundId });
    expect(Object.values(resultsByCode()).map((r) => r.version)).toEqual(['2022.1', '2022.1', '2022.1']);

    const saved = await api.call('published.save', lowerRural);
    expect(saved).toMatchObject({ id: 'vn-2022-2026', oldVersion: '2022.1', newVersion: '2022.1+20260115.1', file: standardsFile() });
    const used = core.registry.require('vn-2022-2026');
    expect(used.version).toBe('2022.1+20260115.1');
    expect(used.scoreA).toMatchObject({ status: 'confirmed', value: { cutoff: { rural: 125, urban: 175 } }, provenance: { document: 'Quyết định 15/QĐ-UBND (UBND tỉnh An Giang)', date: '2026-01-15' } });
    expect(used.postingDays).toMatchObject({ status: 'confirmed', value: { workingDays: 3 } });
    expect(core.registry.confirmation('vn-2022-2026')).toMatchObject({ how: 'loaded_in_app', version: '2022.1+20260115.1', confirmedBy: 'quản trị' });
    expect(core.registry.pending()).toEqual([]);
    const audit = core.db.sqlite.prepare(`SELECT actor, old_value, new_value FROM audit WHERE entity = 'rule_set' AND action = 'publish'`).all() as {
      actor: string;
      old_value: string;
      new_value: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('quản trị');
    expect(JSON.parse(audit[0]!.old_value)).toEqual({ version: '2022.1' });
    expect(JSON.parse(audit[0]!.new_value)).toMatchObject({ version: '2022.1+20260115.1', document: { number: DOC.number, date: DOC.date, issuer: DOC.issuer } });

    // One household re-classified (as a save from the entry screen does): the new version names its result; the others keep 2022.1.
    const round = getRound(core.db.sqlite, seeded.roundId);
    const second = core.db.sqlite.prepare(`SELECT id FROM households WHERE code = '30487-00002'`).pluck().get() as number;
    core.db.sqlite.transaction(() => classifyHousehold(core.db.sqlite, core.registry, round, second))();
    expect(resultsByCode()).toEqual({
      '30487-00001': { status: 'poor', version: '2022.1' },
      '30487-00002': { status: 'neither', version: '2022.1+20260115.1' },
      '30487-00003': { status: 'neither', version: '2022.1' },
    });
    // The version that produced the older results is kept as it was.
    expect(snapshotOf(core.db.sqlite, 'vn-2022-2026', '2022.1')?.scoreA.value?.cutoff.rural).toBe(140);
    expect(snapshotOf(core.db.sqlite, 'vn-2022-2026', '2022.1+20260115.1')?.scoreA.value?.cutoff.rural).toBe(125);

    // The whole round classified again: every result names the new version.
    const c = await reclassified(api.send, { roundId: seeded.roundId });
    expect(c.ruleSet).toMatchObject({ version: '2022.1+20260115.1' });
    expect(new Set(Object.values(resultsByCode()).map((r) => r.version))).toEqual(new Set(['2022.1+20260115.1']));

    // A second publication the same day takes the next number, from the version now in use.
    const next = await api.call('published.preview', { ...lowerRural, values: { postingDays: 5 } });
    expect(next).toMatchObject({ oldVersion: '2022.1+20260115.1', newVersion: '2022.1+20260115.2' });
  });

  it('refuses every role but the administrator', async () => {
    for (const role of ['officer', 'leader', 'viewer', 'keyer'] as const) {
      const caller: Caller = { userId: 7, name: `u.${role}`, fullName: role, role, villageIds: role === 'keyer' ? [seeded.villageId] : [] };
      const asRole = apiOf(() => services, caller);
      for (const method of ['published.preview', 'published.save'] as const) {
        const e = await asRole.send(method, lowerRural);
        expect([role, method, !e.ok && e.error.code]).toEqual([role, method, 'FORBIDDEN']);
      }
    }
  });
});

// Issue 15 item 3, the B1 point table typed cell by cell on the screen: the screen starts from the
// whole table (published.current), sends the changed table as values.b1PointTable with the
// document; the changes name the cell in words and the sample's classes follow the new points
// (a score A summed from the keyed items is summed again with the new table).
describe('published values: a cell of the Phiếu B1 point table', () => {
  let b1: B1Database;
  let keyedId: number;
  const b1Doc = { number: 'Quyết định 20/QĐ-UBND', date: '2026-02-01', issuer: 'UBND tỉnh An Giang' };

  beforeAll(async () => {
    b1 = await openWithSyntheticB1(tempDir('rasoat-published-b1-'));
    // Keyed item by item, no total on the paper (synthetic points, rural column):
    // base 100 + 3–4 people 15 + semi-solid house 20 + a motorbike 25 = 160, over the cut-off 140.
    const saved = await b1.call('entry.save', {
      roundId: b1.seeded.roundId,
      form: b1Form(b1.seeded, { scoreA: null, b1Items: { 'B1.1': '2', 'B1.2': '2', 'B1.3': '1' }, b1Region: 'rural' }),
    });
    keyedId = saved.householdId;
    expect(saved.result?.status).toBe('neither');
  });
  afterAll(async () => {
    await b1.core.jobs.close();
    b1.core.close();
  });

  it('gives the screen the whole table in use: regions, base, every option’s points', async () => {
    const cur = await b1.call('published.current', { ruleSetId: 'vn-2022-2026' });
    const table = b1.core.registry.require('vn-2022-2026').b1PointTable.value!;
    expect(cur.b1PointTable.value).toEqual(JSON.parse(JSON.stringify(table)));
    expect(cur.b1PointTable.value?.base).toEqual({ rural: 100, urban: 120 });
    expect(cur.b1PointTable.value?.items.find((i) => i.id === 'B1.3')?.options.find((o) => o.id === '1')?.points).toEqual({ rural: 25, urban: 15 });
  });

  it('refuses a cell that is not a number in Vietnamese, naming the item, the option and the region; writes nothing', async () => {
    const cur = await b1.call('published.current', { ruleSetId: 'vn-2022-2026' });
    const table = structuredClone(cur.b1PointTable.value!);
    // What a caller sends for a box that is not a number (JSON has no NaN: null).
    (table.items.find((i) => i.id === 'B1.3')!.options.find((o) => o.id === '1')!.points as Record<string, unknown>).urban = null;
    const bad = await apiOf(() => b1.services).send('published.preview', { ruleSetId: 'vn-2022-2026', values: { b1PointTable: table }, document: b1Doc });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('INVALID_INPUT');
    expect(bad.error.message).toMatch(/Bảng điểm Phiếu B1 — câu «Hộ có xe máy» — phương án «Có» — Thành thị: thiếu hoặc sai kiểu/u);
    expect(bad.error.message).toMatch(/chưa lưu gì/u);
    expect(b1.core.registry.require('vn-2022-2026').version).toBe('2022.1+b1-2026-11-01');
  });

  it('makes a new version whose changes name the cell; the sample is classified with the new points', async () => {
    const cur = await b1.call('published.current', { ruleSetId: 'vn-2022-2026' });
    const table = structuredClone(cur.b1PointTable.value!);
    // The motorbike counts 0 in rural areas: 160 − 25 = 135, at most 140, three deprivations: poor.
    table.items.find((i) => i.id === 'B1.3')!.options.find((o) => o.id === '1')!.points.rural = 0;
    const input: ApiInput<'published.preview'> = { ruleSetId: 'vn-2022-2026', values: { b1PointTable: table }, document: b1Doc };
    const p = await b1.call('published.preview', input);
    const cell = p.changes.filter((c) => c.path.startsWith('b1PointTable.value'));
    expect(cell).toEqual([
      expect.objectContaining({ path: 'b1PointTable.value.items[B1.3].options[1].points.rural', kind: 'changed', before: 25, after: 0 }),
    ]);
    expect(cell[0]!.label).toMatch(/Bảng điểm Phiếu B1 — câu «Hộ có xe máy» — phương án «Có» — (N|n)ông thôn/u);
    const code = b1.core.db.sqlite.prepare('SELECT code FROM households WHERE id = ?').pluck().get(keyedId) as string;
    expect(p.sample.changed).toEqual([expect.objectContaining({ householdId: keyedId, code, before: 'neither', after: 'poor' })]);
    expect(p.sample.after.poor - p.sample.before.poor).toBe(1);
    expect(p.sample.before.neither - p.sample.after.neither).toBe(1);

    const saved = await b1.call('published.save', input);
    expect(saved.newVersion).toBe(p.newVersion);
    const used = b1.core.registry.require('vn-2022-2026');
    expect(used.version).toBe(p.newVersion);
    expect(used.b1PointTable).toMatchObject({ status: 'confirmed', provenance: { document: 'Quyết định 20/QĐ-UBND (UBND tỉnh An Giang)', date: '2026-02-01' } });
    expect(used.b1PointTable.value?.items.find((i) => i.id === 'B1.3')?.options.find((o) => o.id === '1')?.points.rural).toBe(0);
  });
});
