/**
 * Filled-in forms: Mẫu 01 / 04 from this round's record of one household, Phiếu A / B for one
 * household, a village or the commune from last round's record, and Mẫu 03's year cells from the
 * round's rule set. Every value printed is compared with the database, asked here with SQL.
 * Phiếu A items and the B1 table come from an administrator's rule set copy with SYNTHETIC content
 * (made up for tests, never shipped); the shipped rule set has neither and the forms say so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Core } from '../../electron/core/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/db/connection';
import { buildDemo } from '../../electron/core/demo/generate';
import { unitByCode } from '../../electron/core/documents/context';
import { BATCH_PARTS, renderDocument, type RenderTarget, type Selection } from '../../electron/core/documents/render';
import { readUnitFile } from '../../electron/core/units/units';
import type { DocumentId } from '../../shared/api/documents';
import { CAUSES, causeTitle, type Cause } from '../../shared/domain/causes';
import { RELATION_LABELS } from '../../shared/domain/household';
import { formatNumberVi } from '../../shared/text/format';
import { SYNTHETIC_SCREENING } from '../fixtures/synthetic-rules';
import { registry, RESOURCES, tempDir } from '../helpers';
import { pdfText, pdfWords, squash, type PdfPage } from './documents-pdf';
import { confirmPendingRuleSets } from '../fixtures/rulesets-confirmed';

const plainDir = tempDir('rasoat-prefill-');
const adminDir = tempDir('rasoat-prefill-admin-');
const dbPath = path.join(plainDir, 'demo.sqlite');
const adminDbPath = path.join(adminDir, 'demo.sqlite');
let db: Db;
let round2023: number;
let round2022: number;
let commune: { id: number; code: string };
let other: { id: number };

const one = <T>(sql: string, ...params: unknown[]): T => db.sqlite.prepare(sql).get(...params) as T;
const all = <T>(sql: string, ...params: unknown[]): T[] => db.sqlite.prepare(sql).all(...params) as T[];
const dmy = (iso: string): string => (iso.length === 10 ? `${iso.slice(8)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso);

async function text(doc: DocumentId, selection: Selection, options: { roundId?: number; admin?: boolean } = {}): Promise<string> {
  const t: RenderTarget = { dbPath: options.admin ? adminDbPath : dbPath, resourcesDir: RESOURCES, roundId: options.roundId ?? round2023, unitId: commune.id };
  const out = await renderDocument(t, doc, () => {}, selection);
  const file = path.join(plainDir, `${doc}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, out.pdf);
  return pdfText(file);
}
const household = (householdId: number): Selection => ({ prefill: true, householdId, villageId: null });

interface Hh {
  id: number;
  code: string;
  head_name: string;
  village_id: number;
}

let mau04: Hh; // poor in 2022, asks to be recognised as escaped
let mau01: Hh; // not poor in 2022, asks to be reviewed
const REASON_04 = 'Gia đình đã có việc làm ổn định, thu nhập tăng';
const REASON_01 = 'Chồng bị tai nạn lao động, mất khả năng lao động';

beforeAll(() => {
  db = openDatabase(dbPath);
  buildDemo(db.sqlite, registry(), readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 2500, seed: 7 });
  round2023 = one<{ id: number }>('SELECT id FROM rounds WHERE year = 2023').id;
  round2022 = one<{ id: number }>('SELECT id FROM rounds WHERE year = 2022').id;
  commune = unitByCode(db.sqlite, '30487', '2023-09-01')!; // xã Bình Mỹ
  other = one<{ id: number }>("SELECT id FROM units WHERE level = 'commune' AND id != ? LIMIT 1", commune.id);
  const pick = (status: string, not: number | null): Hh =>
    one<Hh>(
      `SELECT h.id, h.code, h.head_name, h.village_id FROM households h JOIN households p ON p.code = h.code AND p.round_id = ?
       JOIN results r ON r.household_id = p.id JOIN members m ON m.household_id = h.id AND m.relation = 'head'
       WHERE h.round_id = ? AND h.commune_id = ? AND r.status = ? AND h.id IS NOT ? AND m.birth_date LIKE '____-__-__' AND m.id_number IS NOT NULL
       ORDER BY h.id LIMIT 1`,
      round2022,
      round2023,
      commune.id,
      status,
      not,
    );
  mau04 = pick('poor', null);
  mau01 = pick('neither', mau04.id);
  // What the officer keyed from the paper requests, and last year's decision.
  const now = '2023-09-01T00:00:00Z';
  db.sqlite
    .prepare(
      `INSERT INTO household_entry (household_id, current_address, request_kind, request_received_on, request_reason, id_issued_by)
       VALUES (?, ?, 'mau04', '2023-08-05', ?, 'Cục Cảnh sát QLHC về TTXH'), (?, '', 'mau01', '2023-02-07', ?, '')`,
    )
    .run(mau04.id, 'Tổ 9, ấp Bình Hưng', REASON_04, mau01.id, REASON_01);
  const head04 = one<{ id: number }>("SELECT id FROM members WHERE household_id = ? AND relation = 'head'", mau04.id).id;
  db.sqlite.prepare("INSERT INTO member_entry (member_id, id_issued_on) VALUES (?, '2021-04-12')").run(head04);
  db.sqlite
    .prepare("INSERT INTO decisions (round_id, commune_id, number, signed_on, signer_name, signer_title, created_at) VALUES (?, ?, '45', '2022-12-28', 'Nguyễn Văn Tư', 'Chủ tịch', ?)")
    .run(round2022, commune.id, now);
  // Last year's Phiếu A and B1 answers of the Mẫu 04 household (keyed against the administrator's tables).
  db.sqlite
    .prepare("UPDATE answers SET screening = ?, b1_items = ? WHERE household_id = (SELECT id FROM households WHERE round_id = ? AND code = ?)")
    .run(JSON.stringify({ A1: false, A2: true, A3: false }), JSON.stringify({ 'B1.2': '3' }), round2022, mau04.code);
  // A large poor household (an extended family of 30), whose certificate and Phiếu B run over a page.
  const big = one<{ id: number }>(
    `SELECT h.id FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND h.commune_id = ? AND r.status = 'poor' AND h.id NOT IN (?, ?) ORDER BY h.id LIMIT 1`,
    round2023,
    commune.id,
    mau04.id,
    mau01.id,
  ).id;
  const seq = one<{ s: number }>('SELECT MAX(seq) AS s FROM members WHERE household_id = ?', big).s;
  const addMember = db.sqlite.prepare(
    "INSERT INTO members (household_id, person_key, seq, full_name, sex, birth_date, relation, ethnicity) VALUES (?, ?, ?, ?, ?, ?, 'grandchild', 'Kinh')",
  );
  for (let i = 1; i <= 30 - seq; i++) addMember.run(big, `test-big-${i}`, seq + i, `Trần Thị Cháu Số ${i}`, i % 2 ? 'female' : 'male', `20${String(10 + (i % 12)).padStart(2, '0')}-0${1 + (i % 9)}-15`);
  db.sqlite.prepare('UPDATE households SET member_count = 30 WHERE id = ?').run(big);
  db.sqlite.prepare('VACUUM INTO ?').run(adminDbPath);
  // The administrator's copy of the rule set, with a Phiếu A and a B1 table (SYNTHETIC, for tests only).
  const rs = JSON.parse(fs.readFileSync(path.join(RESOURCES, 'standards', 'vn-2022-2026.json'), 'utf8'));
  rs.version = `${rs.version}+gia-lap`;
  rs.screening = SYNTHETIC_SCREENING;
  rs.b1PointTable = {
    status: 'to_verify',
    provenance: { document: 'Bảng điểm B1 giả lập để kiểm thử' },
    value: {
      regions: [
        { id: 'rural', label: 'Nông thôn giả lập' },
        { id: 'urban', label: 'Thành thị giả lập' },
      ],
      base: { rural: 100, urban: 120 },
      items: [
        { id: 'B1.1', label: 'Số nhân khẩu của hộ', options: [{ id: '1', label: '1–2 người', points: { rural: 30, urban: 25 } }, { id: '2', label: 'Từ 3 người', points: { rural: 0, urban: 0 } }] },
        { id: 'B1.2', label: 'Loại nhà ở', options: [{ id: '1', label: 'Nhà kiên cố', points: { rural: 40, urban: 45 } }, { id: '3', label: 'Nhà tạm giả lập', points: { rural: -10, urban: -15 } }] },
      ],
    },
  };
  fs.mkdirSync(path.join(adminDir, 'standards'));
  fs.writeFileSync(path.join(adminDir, 'standards', 'vn-2022-2026.json'), JSON.stringify(rs));
  // The administrator confirms the copy in the app (a copy dropped by hand is not used until then).
  const admin = new Core({ dbPath: adminDbPath, resourcesDir: RESOURCES });
  expect(confirmPendingRuleSets(admin)).toEqual(['vn-2022-2026']);
  admin.close();
}, 60_000);

afterAll(() => db?.close());

function headOf(householdId: number) {
  return one<{ full_name: string; sex: string; birth_date: string; id_number: string; ethnicity: string }>(
    "SELECT full_name, sex, birth_date, id_number, ethnicity FROM members WHERE household_id = ? AND relation = 'head'",
    householdId,
  );
}

describe('Mẫu số 01 and 04 filled in from a household', () => {
  it('Mẫu 01 prints the head, every member of the roster with sex code, birth date and relation, the reason and the date received', async () => {
    const t = squash(await text('M01', household(mau01.id)));
    const head = headOf(mau01.id);
    expect(t).toContain(`Họ và tên: ${head.full_name}`);
    expect(t).toContain(`Giới tính (1: Nam; 2: Nữ): ${head.sex === 'male' ? 1 : 2}`);
    const [y, m, d] = head.birth_date.split('-');
    expect(t).toContain(`Sinh ngày ${d} tháng ${m} năm ${y}; Dân tộc: ${head.ethnicity}`);
    expect(t).toContain(`Số CCCD/CMND: ${head.id_number}`);
    const address = one<{ address: string }>('SELECT address FROM households WHERE id = ?', mau01.id).address;
    // The demo's addresses name their village ("Tổ 5, ấp Đông Châu"): it is not repeated.
    expect(t).toContain(`Nơi thường trú: ${address}, xã Bình Mỹ, huyện Châu Phú, tỉnh An Giang`);
    const members = all<{ full_name: string; sex: string; birth_date: string; relation: keyof typeof RELATION_LABELS }>(
      "SELECT full_name, sex, birth_date, relation FROM members WHERE household_id = ? ORDER BY relation != 'head', seq",
      mau01.id,
    );
    members.forEach((mm, i) => {
      expect(t).toContain(`${String(i + 1).padStart(2, '0')} ${mm.full_name} ${mm.sex === 'male' ? 1 : 2} ${dmy(mm.birth_date)}`);
    });
    expect(t).toContain(`Lý do đề nghị: ${REASON_01}`);
    expect(t).toContain('Bình Mỹ, ngày 07 tháng 02 năm 2023'); // leading zeros for day and February
  });

  it('Mẫu 04 prints the check-box of the sex, issue date and issuer, current address, last year’s decision and the reason', async () => {
    const t = squash(await text('M04', household(mau04.id)));
    const head = headOf(mau04.id);
    expect(t).toContain(`Họ và tên: ${head.full_name}`);
    expect(t).toContain(head.sex === 'male' ? 'Giới tính: Nam ■, Nữ □' : 'Giới tính: Nam □, Nữ ■');
    expect(t).toContain(`Số CCCD/CMND: ${head.id_number} Ngày cấp: 12/04/2021 Cơ quan cấp: Cục Cảnh sát QLHC về TTXH`);
    expect(t).toContain('Nơi ở hiện tại: Tổ 9, ấp Bình Hưng');
    expect(t).toContain('Hiện là hộ nghèo theo Quyết định số: 45/QĐ-UBND ngày 28/12/2022');
    expect(t).toContain(`Lý do: ${REASON_04}`);
    expect(t).toContain('Bình Mỹ, ngày 05 tháng 8 năm 2023');
  });

  it('the blank forms stay blank', async () => {
    const t = squash(await text('M01', { prefill: false, householdId: null, villageId: null }));
    expect(t).toContain('Họ và tên: ……');
    expect(t).not.toContain(headOf(mau01.id).full_name);
  });

  it('refuses, in Vietnamese, what cannot be printed filled in', async () => {
    await expect(text('M01', { prefill: true, householdId: null, villageId: null })).rejects.toThrow('Chọn một hộ để in M01 điền sẵn');
    await expect(text('M02', { prefill: true, householdId: null, villageId: null })).rejects.toThrow('Tài liệu M02 không có mẫu điền sẵn');
    const elsewhere = one<{ id: number }>('SELECT id FROM households WHERE round_id = ? AND commune_id = ? LIMIT 1', round2023, other.id).id;
    await expect(text('M04', household(elsewhere))).rejects.toThrow(`Hộ mã số ${elsewhere} không thuộc xã và đợt rà soát của tài liệu này: hãy chọn lại hộ`);
    const foreignVillage = one<{ id: number }>("SELECT id FROM units WHERE level = 'village' AND parent_id = ? LIMIT 1", other.id).id;
    await expect(text('PB', { prefill: true, householdId: null, villageId: foreignVillage })).rejects.toThrow(`Thôn, ấp mã số ${foreignVillage} không thuộc xã của tài liệu này: hãy chọn lại thôn, ấp`);
  });
});

/** One household's Phiếu B in the text of a village's forms. */
function forms(t: string, title: string): string[] {
  return t.split(`${title}\n`).slice(1);
}

describe('Phiếu A and B filled in from last round', () => {
  it('Phiếu B for a village: one form per household of the village, each with its roster and last year’s scores and deprivations', async () => {
    const villageId = mau04.village_id;
    const t = await text('PB', { prefill: true, householdId: null, villageId });
    const households = all<Hh & { member_count: number }>(
      `SELECT h.id, h.code, h.head_name, h.member_count FROM households h JOIN units v ON v.id = h.village_id
       WHERE h.round_id = ? AND h.village_id = ? ORDER BY h.head_sort, h.id`,
      round2023,
      villageId,
    );
    const parts = forms(t, 'PHIẾU B');
    expect(parts.length).toBe(households.length);
    const indicators = (JSON.parse(fs.readFileSync(path.join(RESOURCES, 'standards', 'vn-2022-2026.json'), 'utf8')).indicators.value as { id: string; label: string }[]);
    for (const h of households) {
      const part = parts.find((p) => p.includes(`Mã hộ: ${h.code} `)) ?? '';
      expect(part, h.code).not.toBe('');
      expect(part).toContain(`Họ và tên chủ hộ: ${h.head_name}`);
      expect(part).toContain(`Số thành viên của hộ: ${h.member_count}`);
      for (const mm of all<{ full_name: string }>('SELECT full_name FROM members WHERE household_id = ?', h.id)) expect(part).toContain(mm.full_name);
      const before = one<{ score_a: number | null; score_b: number | null; deprived: string } | undefined>(
        `SELECT a.score_a, r.score_b, r.deprived FROM households p JOIN results r ON r.household_id = p.id LEFT JOIN answers a ON a.household_id = p.id
         WHERE p.round_id = ? AND p.code = ?`,
        round2022,
        h.code,
      );
      if (!before) {
        expect(part).toContain('Không có trong dữ liệu đợt rà soát trước.');
        continue;
      }
      if (before.score_a !== null) expect(part).toContain(`Tổng điểm B1 — Năm 2022: ${formatNumberVi(before.score_a)};`);
      if (before.score_b !== null) expect(squash(part)).toContain(`Năm 2022: ${before.score_b}; Năm 2023:`);
      const causes = all<{ cause: Cause }>(
        'SELECT c.cause FROM household_causes c JOIN households p ON p.id = c.household_id WHERE p.round_id = ? AND p.code = ?',
        round2022,
        h.code,
      ).map((c) => c.cause);
      const causeLine = causes.length ? CAUSES.filter((c) => causes.includes(c)).map(causeTitle).join('; ') : 'không ghi nguyên nhân';
      expect(squash(part)).toContain(`Năm 2022: ${causeLine}`);
      const deprived = new Set(JSON.parse(before.deprived) as string[]);
      indicators.forEach((ind, i) => {
        const row = new RegExp(`^${i + 1} ${ind.label}( X)?$`, 'mu').exec(part);
        expect(row, `${h.code} ${ind.label}`).not.toBeNull();
        expect(row![1] === ' X', `${h.code} ${ind.label}`).toBe(deprived.has(ind.id));
      });
    }
  });

  it('Phiếu B for the whole commune: one per household, rendered in batches; each form numbered on its own, its later pages labelled with its household', async () => {
    const n = one<{ n: number }>('SELECT COUNT(*) AS n FROM households WHERE round_id = ? AND commune_id = ?', round2023, commune.id).n;
    expect(n).toBeGreaterThan(BATCH_PARTS); // so that the batches are joined
    const t: RenderTarget = { dbPath, resourcesDir: RESOURCES, roundId: round2023, unitId: commune.id };
    const steps: string[] = [];
    const out = await renderDocument(t, 'PB', (_d, _t, message) => steps.push(message), { prefill: true, householdId: null, villageId: null });
    expect(steps.some((m) => m.includes(`phần 2/${Math.ceil(n / BATCH_PARTS)}`))).toBe(true);
    const file = path.join(plainDir, 'PB-commune.pdf');
    fs.writeFileSync(file, out.pdf);
    const expected = all<{ code: string }>(
      `SELECT h.code FROM households h LEFT JOIN units v ON v.id = h.village_id WHERE h.round_id = ? AND h.commune_id = ? ORDER BY v.name_sort, h.head_sort, h.id`,
      round2023,
      commune.id,
    ).map((r) => r.code);
    const pages = pdfWords(file);
    expect(pages.length).toBe(out.pages);
    const codes: string[] = [];
    let continued = 0;
    let pageOfForm = 0;
    for (const p of pages) {
      const top = p.words.filter((w) => w.yMin < 20 * (72 / 25.4) - 0.5).map((w) => w.text).join(' ');
      const at = p.words.findIndex((w, j) => w.text === 'Mã' && p.words[j + 1]?.text === 'hộ:');
      if (at >= 0) {
        codes.push(p.words[at + 2]!.text);
        pageOfForm = 1;
        expect(top).toBe(''); // a form's first page carries no number
      } else {
        pageOfForm += 1;
        continued += 1;
        expect(top).toBe(`Phiếu B — mã hộ ${codes.at(-1)} — trang ${pageOfForm}`);
      }
    }
    expect(codes).toEqual(expected);
    expect(continued).toBeGreaterThan(0); // some households' forms run over a page
  });

  it('with the administrator’s Phiếu A items and B1 table: prints them with last year’s answers beside blanks for this year', async () => {
    const pa = squash(await text('PA', household(mau04.id), { admin: true }));
    expect(pa).toContain('Nhóm 1 (từ 1 đặc điểm “Có” trở lên: không rà soát tiếp bằng Phiếu B)');
    expect(pa).toContain('1 Hộ có ô tô Không □ □');
    expect(pa).toContain('2 Hộ có nhà kiên cố Có □ □');
    expect(pa).toContain('3 Hộ có người hưởng lương hưu Không □ □');
    const pb = squash(await text('PB', household(mau04.id), { admin: true }));
    expect(pb).toContain('□ Nông thôn giả lập □ Thành thị giả lập');
    expect(pb).toContain('2 Loại nhà ở Nhà tạm giả lập □ Nhà kiên cố □ Nhà tạm giả lập');
    expect(pb).toContain('1 Số nhân khẩu của hộ □ 1–2 người □ Từ 3 người');
  });

  it('without them (the shipped rule set), Phiếu A says its items are to be taken from the province’s guidance', async () => {
    const pa = squash(await text('PA', { prefill: false, householdId: null, villageId: null }));
    expect(pa).toContain('Danh mục đặc điểm của Phiếu A chưa có trong bộ quy tắc vn-2022-2026');
    const blank = squash(await text('PA', { prefill: false, householdId: null, villageId: null }, { admin: true }));
    expect(blank).toContain('Hộ có ô tô');
    expect(blank).not.toContain('Năm 2022');
  });

  it('in a first round there is no earlier record, and the form says so', async () => {
    const first = one<{ id: number }>('SELECT id FROM households WHERE round_id = ? AND commune_id = ? ORDER BY id LIMIT 1', round2022, commune.id).id;
    const t = squash(await text('PB', household(first), { roundId: round2022 }));
    expect(t).toContain('Kết quả rà soát đợt trước: Không có trong dữ liệu đợt rà soát trước.');
  });
});

describe('Mẫu số 03: the yearly confirmation cells', () => {
  it('run from the round’s year to the last year of its rule set, with this year’s class ticked in its column', async () => {
    const t: RenderTarget = { dbPath, resourcesDir: RESOURCES, roundId: round2023, unitId: commune.id };
    const file = path.join(plainDir, 'M03-years.pdf');
    fs.writeFileSync(file, (await renderDocument(t, 'M03')).pdf);
    const validTo = Number((JSON.parse(fs.readFileSync(path.join(RESOURCES, 'standards', 'vn-2022-2026.json'), 'utf8')).validTo as string).slice(0, 4));
    const statuses = all<{ status: string }>(
      `SELECT r.status FROM households h JOIN results r ON r.household_id = h.id LEFT JOIN units v ON v.id = h.village_id
       WHERE h.round_id = ? AND h.commune_id = ? AND r.status IN ('poor', 'near_poor') ORDER BY v.name_sort, h.head_sort, h.id`,
      round2023,
      commune.id,
    );
    // Each certificate is numbered on its own: nothing on its first page, 2, 3… on the next ones.
    const certificates: PdfPage[][] = [];
    for (const p of pdfWords(file)) {
      if (p.words.some((w) => w.text === 'GIẤY')) certificates.push([]);
      const cert = certificates.at(-1)!;
      cert.push(p);
      const top = p.words.filter((w) => w.yMin < 20 * (72 / 25.4) - 0.5).map((w) => w.text);
      expect(top).toEqual(cert.length === 1 ? [] : [String(cert.length)]);
    }
    expect(certificates.some((c) => c.length > 1)).toBe(true); // the family of 30 has a second page
    expect(certificates.length).toBe(statuses.length);
    certificates.forEach((pages, i) => {
      // The page with the year table (the last one of a long certificate).
      const page = pages.find((p) => p.words.some((w, j) => w.text === 'Hộ' && p.words[j + 1]?.text === 'cận' && p.words[j + 2]?.text === 'nghèo'))!;
      const words = page.words;
      // The year table: its header words, then a row per year in the first column.
      const header = words.findIndex((w, j) => w.text === 'Hộ' && words[j + 1]?.text === 'cận' && words[j + 2]?.text === 'nghèo');
      expect(header).toBeGreaterThan(0);
      const nearPoorColumn = words[header]!.xMin - 4;
      const years = words.filter((w) => /^\d{4}$/u.test(w.text) && w.yMin > words[header]!.yMin).map((w) => Number(w.text));
      expect(years).toEqual(Array.from({ length: validTo - 2023 + 1 }, (_, k) => 2023 + k));
      const row = words.find((w) => w.text === '2023' && w.yMin > words[header]!.yMin)!;
      const ticks = words.filter((w) => w.text === 'X' && Math.abs(w.yMin - row.yMin) < 3);
      expect(ticks.length).toBe(1);
      expect(ticks[0]!.xMin > nearPoorColumn ? 'near_poor' : 'poor').toBe(statuses[i]!.status);
    });
  });
});
