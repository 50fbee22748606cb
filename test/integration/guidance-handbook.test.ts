/**
 * The guidance on every field through its doors (issue 15 item 6): guidance.get for a round (its
 * rule set's period) or a rule set, for every signed-in role; and the enumerators' handbook as a
 * PDF job, read back with pdftotext.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { createRoundFor } from '../../electron/core/rounds/create';
import { OFFICE_SETTING } from '../../electron/core/units/office';
import { loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import type { Caller } from '../../electron/core/auth/caller';
import { findGuidance } from '../../shared/guidance/lookup';
import { apiOf } from '../fixtures/api';
import { RESOURCES, tempDir } from '../helpers';
import { pdfText, squash } from './documents-pdf';

const tmp = tempDir('rasoat-guidance-');
const core = new Core({ dbPath: path.join(tmp, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ xã' });
const { call, send } = apiOf(() => createServices(core));
let r2023 = 0;
let r2027 = 0;

beforeAll(() => {
  const sqlite = core.db.sqlite;
  loadUnits(sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  const communeId = unitIdAt(sqlite, '30487', '2025-09-01')!;
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(OFFICE_SETTING, String(communeId));
  r2023 = createRoundFor(sqlite, core.registry, { year: 2023, kind: 'periodic' }, 'test').roundId;
  r2027 = createRoundFor(sqlite, core.registry, { year: 2027, kind: 'periodic' }, 'test').roundId;
});
afterAll(() => core.close());

const as = (role: Caller['role']): Caller => ({ userId: 900, name: `huongdan.${role}`, fullName: role, role, villageIds: role === 'keyer' ? [1] : [] });

describe('guidance.get', () => {
  it("gives the round's period: 2027 asks about household waste, not information devices", async () => {
    const g27 = await call('guidance.get', { roundId: r2027 });
    expect(g27.ruleSet.id).toBe('vn-2027-2030');
    expect(findGuidance(g27.entries, 'a.b2.waste')?.entry.ask).toMatch(/rác thải/iu);
    expect(findGuidance(g27.entries, 'a.b2.informationDevices')).toBeNull();
    expect(g27.ruleSet.areaLabels.urban).toBe('đô thị');
    const g23 = await call('guidance.get', { roundId: r2023 });
    expect(g23.ruleSet.id).toBe('vn-2022-2026');
    expect(findGuidance(g23.entries, 'm.4.employment')?.entry.codes).toBe('employment');
    expect(g23).not.toHaveProperty('$comment');
    expect((await call('guidance.get', { ruleSetId: 'vn-2027-2030' })).id).toBe(g27.id);
  });

  it('is read by every signed-in role (F1 is for the keyer too), and refused when signed out', async () => {
    const services = createServices(core);
    for (const role of ['admin', 'officer', 'keyer', 'leader', 'viewer'] as const) {
      const e = await apiOf(() => services, as(role)).send('guidance.get', { roundId: r2027 });
      expect([role, e.ok]).toEqual([role, true]);
    }
    const out = await import('../../electron/core/api/dispatch').then((m) => m.dispatch(services, 'guidance.get', { roundId: r2027 }, { caller: null }));
    expect(!out.ok && out.error.code).toBe('UNAUTHENTICATED');
  });

  it('says in Vietnamese what is wrong with an unknown round or rule set, or a call naming neither', async () => {
    const round = await send('guidance.get', { roundId: 999_999 });
    expect(round).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/Không tìm thấy đợt rà soát số 999999/u) }) });
    const rs = await send('guidance.get', { ruleSetId: 'khong-co' });
    expect(rs).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/Không có bộ tiêu chí "khong-co"/u) }) });
    const neither = await send('guidance.get', {} as never);
    expect(neither.ok).toBe(false);
    expect(!neither.ok && neither.error.code).toBe('INVALID_INPUT');
  });
});

describe('the enumerators’ handbook (guidance.handbook job)', () => {
  async function handbook(roundId: number): Promise<{ text: string; pages: number; name: string }> {
    const started = await call('jobs.start', { kind: 'guidance.handbook', input: { roundId } });
    const final = await core.jobs.wait(started.id);
    if (final.kind !== 'guidance.handbook' || final.state !== 'done') throw new Error(`${final.state}: ${JSON.stringify(final.error)}`);
    const file = core.jobs.file(started.id);
    const [out] = final.result!.files;
    return { text: squash(pdfText(file.path)), pages: out!.pages, name: out!.name };
  }

  it('prints the 2027 guidance grouped by form, each entry with its status', async () => {
    const { text, pages, name } = await handbook(r2027);
    expect(name).toBe('so-tay-huong-dan-vn-2027-2030.pdf');
    expect(pages).toBeGreaterThan(3);
    expect(text).toMatch(/SỔ TAY HƯỚNG DẪN RÀ SOÁT VIÊN/u);
    const order = ['Phiếu A — Nhận dạng nhanh', 'Phiếu B1 — Thu nhập', 'Phiếu B2 — Các chỉ số thiếu hụt', 'Thành viên hộ'].map((h) => text.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toMatch(/Chỉ số 12: Xử lý rác thải sinh hoạt \[Chưa xác nhận\]/u);
    expect(text).not.toMatch(/Phương tiện phục vụ tiếp cận thông tin/u);
    expect(text).toMatch(/Thu nhập bình quân đầu người\/tháng \[Đã xác nhận\]/u);
    // The codes come from the code sets, in the period's words.
    expect(text).toMatch(/Mã: 1: Nông thôn; 2: Đô thị/u);
    expect(text).toMatch(/Mã: 1: Thiếu hụt; 2: Không thiếu hụt/u);
    expect(text).toMatch(/Căn cứ: Nghị định 351\/2025\/NĐ-CP/u);
  });

  it('prints the 2022–2026 guidance with information devices and the score A cut-offs', async () => {
    const { text } = await handbook(r2023);
    expect(text).toMatch(/Chỉ số 12: Phương tiện phục vụ tiếp cận thông tin \[Chưa xác nhận\]/u);
    expect(text).toMatch(/Mã: 1: Nông thôn; 2: Thành thị/u);
    expect(text).toMatch(/140 điểm/u);
    expect(text).not.toMatch(/rác thải/u);
  });

  it('is a print: a viewer may not start it', async () => {
    const e = await apiOf(() => createServices(core), as('viewer')).send('jobs.start', { kind: 'guidance.handbook', input: { roundId: r2027 } });
    expect(!e.ok && e.error.message).toMatch(/không được in sổ tay hướng dẫn rà soát viên/u);
  });
});
