/**
 * The printed documents of a demo district, checked by their content (pdftotext) and geometry
 * (pdfinfo, pdftotext -bbox, pdffonts): header, title, column headings, and every count against
 * the database, asked here with SQL written independently of the documents' queries.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/db/connection';
import { buildDemo } from '../../electron/core/demo/generate';
import { loadContext, unitByCode } from '../../electron/core/documents/context';
import { listRows, totalOf, transitionTable } from '../../electron/core/documents/queries';
import { renderDocument, renderDossier, type RenderTarget } from '../../electron/core/documents/render';
import { readUnitFile } from '../../electron/core/units/units';
import type { DocumentId } from '../../shared/api/documents';
import { CAUSES } from '../../shared/domain/causes';
import { registry, RESOURCES, tempDir } from '../helpers';
import { pdfText, pdfWords, squash, containsInOrder, type PdfPage } from './documents-pdf';

const tmp = tempDir('rasoat-docs-');
const dbPath = path.join(tmp, 'demo.sqlite');
let db: Db;
let roundId: number;
let commune: { id: number; code: string };
let district: { id: number };
const texts = new Map<string, string>();

const one = <T>(sql: string, ...params: unknown[]): T => db.sqlite.prepare(sql).get(...params) as T;
const target = (unitId: number): RenderTarget => ({ dbPath, resourcesDir: RESOURCES, roundId, unitId });

async function textOf(doc: DocumentId, unitId = commune.id): Promise<string> {
  const key = `${doc}-${unitId}`;
  if (!texts.has(key)) {
    const out = await renderDocument(target(unitId), doc);
    fs.writeFileSync(path.join(tmp, `${key}.pdf`), out.pdf);
    texts.set(key, pdfText(path.join(tmp, `${key}.pdf`)));
  }
  return texts.get(key)!;
}

beforeAll(() => {
  db = openDatabase(dbPath);
  buildDemo(db.sqlite, registry(), readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 900, seed: 7 });
  roundId = one<{ id: number }>("SELECT id FROM rounds WHERE year = 2023").id;
  commune = unitByCode(db.sqlite, '30487', '2023-09-01')!; // xã Bình Mỹ
  district = unitByCode(db.sqlite, '889', '2023-09-01')!; // huyện Châu Phú
}, 60_000);

afterAll(() => {
  db?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Independent answers: households and people by status (or transition) in the commune. */
function counted(where: string, communeId = commune.id): { households: number; people: number } {
  const r = one<{ households: number; people: number | null }>(
    `SELECT COUNT(*) AS households, SUM(h.member_count) AS people FROM households h JOIN results r ON r.household_id = h.id
     WHERE h.round_id = ? AND h.commune_id = ? AND ${where}`,
    roundId,
    communeId,
  );
  return { households: r.households, people: r.people ?? 0 };
}

const HEADER = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'ỦY BAN NHÂN DÂN', 'XÃ BÌNH MỸ', 'Bình Mỹ, ngày …… tháng …… năm 2023'];

describe('the recognition decision (Mẫu số 02) and its four lists', () => {
  it('prints the national title, motto, issuing body, place and date line, number and title', async () => {
    const t = await textOf('M02');
    for (const s of HEADER) expect(t).toContain(s);
    expect(t).toContain('Số: ……………/QĐ-UBND');
    expect(t).toContain('QUYẾT ĐỊNH');
    expect(t).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH MỸ');
    expect(t).toContain('TM. ỦY BAN NHÂN DÂN');
    expect(t).toContain('Nơi nhận:');
    expect(t).toContain('- Lưu: VT.');
  });

  it('states in Điều 1 the counts the database gives, and each list has those rows in order', async () => {
    const t = await textOf('M02');
    const poor = counted("r.status = 'poor'");
    const near = counted("r.status = 'near_poor'");
    const escPoor = counted("r.transition IN ('exited_to_near_poor', 'exited_above_near_poor')");
    const escNear = counted("r.transition = 'exited_near_poor'");
    expect(poor.households).toBeGreaterThan(0);
    expect(t).toContain(`1. Hộ nghèo: ${poor.households} hộ, ${poor.people} nhân khẩu.`);
    expect(t).toContain(`2. Hộ cận nghèo: ${near.households} hộ, ${near.people} nhân khẩu.`);
    expect(t).toContain(`3. Hộ thoát nghèo: ${escPoor.households} hộ, ${escPoor.people} nhân khẩu`);
    expect(t).toContain(`4. Hộ thoát cận nghèo: ${escNear.households} hộ, ${escNear.people} nhân khẩu.`);
    const sections = squash(t).split(/DANH SÁCH HỘ (?=NGHÈO NĂM|CẬN NGHÈO NĂM|THOÁT NGHÈO NĂM|THOÁT CẬN NGHÈO NĂM)/u).slice(1);
    expect(sections).toHaveLength(4);
    const lists: [string, { households: number; people: number }][] = [
      ["r.status = 'poor'", poor],
      ["r.status = 'near_poor'", near],
      ["r.transition IN ('exited_to_near_poor', 'exited_above_near_poor')", escPoor],
      ["r.transition = 'exited_near_poor'", escNear],
    ];
    lists.forEach(([where, n], i) => {
      const section = sections[i]!;
      expect(section).toContain(`Tổng cộng: ${n.households} hộ, ${n.people} nhân khẩu.`);
      const names = db.sqlite
        .prepare(
          `SELECT h.head_name, h.head_id_number FROM households h JOIN results r ON r.household_id = h.id LEFT JOIN units v ON v.id = h.village_id
           WHERE h.round_id = ? AND h.commune_id = ? AND ${where} ORDER BY v.name_sort, h.head_sort, h.id`,
        )
        .all(roundId, commune.id) as { head_name: string; head_id_number: string }[];
      let at = 0;
      names.forEach((row, k) => {
        const found = section.indexOf(`${k + 1} ${row.head_name}`, at);
        expect(found, `row ${k + 1} ${row.head_name}`).toBeGreaterThanOrEqual(at);
        at = found;
        expect(section).toContain(row.head_id_number);
      });
      for (const h of ['STT', 'Họ và tên chủ hộ', 'Thôn, ấp', 'Dân tộc', 'Số nhân khẩu', 'Phân loại', 'Ghi chú']) expect(section).toContain(h);
      for (const h of ['Số CCCD/ định danh của chủ hộ', 'Điểm B1 (thu nhập)', 'Điểm B2 (thiếu hụt)']) expect(containsInOrder(section, h), h).toBe(true);
    });
  });

  it('cites the district chairman’s opinion and reports to the district in the 2023 round', async () => {
    const t = squash(await textOf('M02'));
    expect(t).toContain('Căn cứ ý kiến của Chủ tịch Ủy ban nhân dân huyện Châu Phú');
    expect(t).toContain('UBND huyện Châu Phú (báo cáo)');
  });
});

describe('the report (BC) with its eleven tables', () => {
  it('has the eleven table titles and the column headings of table 1, for a commune and for the district', async () => {
    for (const unitId of [commune.id, district.id]) {
      const t = squash(await textOf('BC', unitId));
      const titles = [
        'TỔNG HỢP KẾT QUẢ CHÍNH THỨC RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO',
        'TỔNG HỢP DIỄN BIẾN HỘ NGHÈO',
        'TỔNG HỢP DIỄN BIẾN HỘ CẬN NGHÈO',
        'PHÂN TÍCH CÁC CHỈ SỐ THIẾU HỤT DỊCH VỤ XÃ HỘI CƠ BẢN CỦA HỘ NGHÈO',
        'PHÂN TÍCH TỶ LỆ CÁC CHỈ SỐ THIẾU HỤT DỊCH VỤ XÃ HỘI CƠ BẢN CỦA HỘ NGHÈO',
        'PHÂN TÍCH CÁC CHỈ SỐ THIẾU HỤT DỊCH VỤ XÃ HỘI CƠ BẢN CỦA HỘ CẬN NGHÈO',
        'PHÂN TÍCH TỶ LỆ CÁC CHỈ SỐ THIẾU HỤT DỊCH VỤ XÃ HỘI CƠ BẢN CỦA HỘ CẬN NGHÈO',
        'PHÂN TÍCH HỘ NGHÈO, HỘ CẬN NGHÈO THEO CÁC NHÓM ĐỐI TƯỢNG',
        'PHÂN TÍCH HỘ NGHÈO, HỘ CẬN NGHÈO THEO DÂN TỘC',
        'PHÂN NHÓM HỘ NGHÈO, HỘ CẬN NGHÈO THEO CÁC NGUYÊN NHÂN NGHÈO',
        'TỔNG HỢP CHỈ TIÊU THIẾU HỤT CỦA TRẺ EM THUỘC HỘ NGHÈO, HỘ CẬN NGHÈO',
      ];
      for (const title of titles) expect(containsInOrder(t, title), title).toBe(true);
      for (let i = 1; i <= 11; i++) expect(t).toContain(`Biểu ${i}`);
      for (const h of ['Tổng số hộ dân cư', 'Kết quả rà soát về hộ', 'Kết quả rà soát về khẩu', '4=3/1*100', '14=13/2*100', '9=1-2-3-4+5+6+7+8']) {
        expect(containsInOrder(t, h), h).toBe(true);
      }
      for (const h of ['1. Việc làm', '12. Phương tiện tiếp cận thông tin', 'Tái nghèo', 'Phát sinh mới', 'Số hộ khác giảm', 'Số hộ khác tăng', 'Khmer', 'Tổng DTTS', 'Thiếu đất sản xuất']) {
        expect(containsInOrder(t, h), h).toBe(true);
      }
    }
  });

  it('prints in table 1 the counts of the database, the poor count equal to the rows of the poor list', async () => {
    const t = squash(await textOf('BC'));
    const all = counted('1 = 1');
    const poor = counted("r.status = 'poor'");
    const near = counted("r.status = 'near_poor'");
    const poorRows = listRows(db.sqlite, roundId, [commune.id], 'poor').length;
    expect(poorRows).toBe(poor.households);
    const fmt = (n: number): string => n.toLocaleString('de-DE');
    // Row of table 1: STT, commune, households, people, poor, rate, near-poor, rate…
    expect(t).toMatch(new RegExp(`1 Xã Bình Mỹ ${fmt(all.households)} ${fmt(all.people)} ${poor.households} [\\d,]+ ${near.households} `, 'u'));
  });

  it('totals the district in table 1 with the database’s counts', async () => {
    const t = squash(await textOf('BC', district.id));
    const r = one<{ h: number; p: number; poor: number; near: number }>(
      `SELECT COUNT(*) AS h, SUM(h.member_count) AS p, SUM(r.status = 'poor') AS poor, SUM(r.status = 'near_poor') AS near
       FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ?`,
      roundId,
    );
    const fmt = (n: number): string => n.toLocaleString('de-DE');
    expect(t).toMatch(new RegExp(`Tổng cộng ${fmt(r.h)} ${fmt(r.p)} ${fmt(r.poor)} [\\d,]+ ${fmt(r.near)} `, 'u'));
  });

  it('keeps end = 1 − 2 − 3 − 4 + 5 + 6 + 7 + 8 in tables 2 and 3 for households and for people, in every commune and the total', () => {
    const ids = loadContext(db.sqlite, roundId, district.id).communes.map((c) => c.id);
    const holds = (row: number[]): boolean => {
      const [s, a, b, c, d, e, f, g, end] = row as [number, number, number, number, number, number, number, number, number];
      return s - a - b - c + d + e + f + g === end;
    };
    for (const of of ['poor', 'near_poor'] as const) {
      const figures = transitionTable(db.sqlite, roundId, ids, of);
      for (const [id, row] of figures) {
        expect(row).toHaveLength(18);
        expect(holds(row.slice(0, 9)), `${of} households ${id}`).toBe(true);
        expect(holds(row.slice(9)), `${of} people ${id}`).toBe(true);
        // The ends are the class's households and people of the round.
        expect([row[8], row[17]]).toEqual(Object.values(counted(`r.status = '${of}'`, id)));
      }
      const total = totalOf(figures);
      expect(holds(total.slice(0, 9)) && holds(total.slice(9))).toBe(true);
      // The starts are the class's households and people of the previous round (the demo's households keep their codes).
      const before = one<{ h: number; p: number }>(
        `SELECT COUNT(*) AS h, SUM(h.member_count) AS p FROM households h JOIN results r ON r.household_id = h.id
         WHERE h.round_id = (SELECT id FROM rounds WHERE year = 2022) AND r.status = ?`,
        of,
      );
      expect([total[0], total[9]]).toEqual([before.h, before.p]);
      // Every household counted has at least one member (and 4, 8 add the changes of size of those that stay).
      for (let k = 0; k < 9; k++) expect(total[9 + k]).toBeGreaterThanOrEqual(total[k]!);
    }
  });

  it('prints tables 2 and 3 with column C "Phân tổ": a "Hộ" and a "Nhân khẩu" row per commune and for the total', async () => {
    const ids = loadContext(db.sqlite, roundId, district.id).communes.map((c) => c.id);
    const t = squash(await textOf('BC', district.id));
    const fmt = (n: number): string => n.toLocaleString('de-DE');
    for (const [of, title] of [['poor', 'TỔNG HỢP DIỄN BIẾN HỘ NGHÈO'], ['near_poor', 'TỔNG HỢP DIỄN BIẾN HỘ CẬN NGHÈO']] as const) {
      const table = t.slice(t.indexOf(title), t.indexOf('Biểu', t.indexOf(title)));
      expect(table).toContain('Phân tổ');
      const figures = transitionTable(db.sqlite, roundId, ids, of);
      const mine = figures.get(commune.id)!;
      expect(table).toContain(`Xã Bình Mỹ Hộ ${mine.slice(0, 9).map(fmt).join(' ')} Nhân khẩu ${mine.slice(9).map(fmt).join(' ')}`);
      const total = totalOf(figures);
      expect(table).toContain(`Tổng cộng Hộ ${total.slice(0, 9).map(fmt).join(' ')} Nhân khẩu ${total.slice(9).map(fmt).join(' ')}`);
      expect(table).toContain('Nhân khẩu: cột 1 đến 4 tính theo số nhân khẩu của hộ ở kỳ trước, cột 5 đến 9 theo kỳ này');
    }
  });

  it('counts in table 10 the poor and near-poor households with each cause of poverty, for the commune and the district total', async () => {
    // Hand-written: households per (commune, class), and per (commune, class, cause).
    const classes = ['poor', 'near_poor'];
    const households = db.sqlite
      .prepare(`SELECT h.commune_id AS c, r.status AS s, COUNT(*) AS n FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ? GROUP BY 1, 2`)
      .all(roundId) as { c: number; s: string; n: number }[];
    const withCause = db.sqlite
      .prepare(
        `SELECT h.commune_id AS c, r.status AS s, hc.cause AS k, COUNT(*) AS n FROM households h JOIN results r ON r.household_id = h.id
         JOIN household_causes hc ON hc.household_id = h.id WHERE h.round_id = ? GROUP BY 1, 2, 3`,
      )
      .all(roundId) as { c: number; s: string; k: string; n: number }[];
    const row = (communes: number[]): number[] =>
      classes.flatMap((s) => [
        households.filter((x) => communes.includes(x.c) && x.s === s).reduce((a, x) => a + x.n, 0),
        ...CAUSES.map((k) => withCause.filter((x) => communes.includes(x.c) && x.s === s && x.k === k).reduce((a, x) => a + x.n, 0)),
      ]);
    const mine = row([commune.id]);
    expect(mine[0]).toBeGreaterThan(0);
    expect(mine.slice(1, 9).some((n) => n > 0)).toBe(true); // the demo gives its poor households causes
    const fmt = (n: number): string => n.toLocaleString('de-DE');
    const t = squash(await textOf('BC'));
    expect(t).toContain(`1 Xã Bình Mỹ ${mine.map(fmt).join(' ')}`);
    expect(t).not.toContain('chưa được thu thập');
    expect(t).toContain('Một hộ có thể có nhiều nguyên nhân nghèo');
    for (const h of ['1. Thiếu đất sản xuất', '7. Ốm đau, tai nạn', '8. Khác', '18']) expect(containsInOrder(t, h), h).toBe(true);
    const all = loadContext(db.sqlite, roundId, district.id).communes.map((c) => c.id);
    const d = squash(await textOf('BC', district.id));
    const table10 = d.slice(d.indexOf('THEO CÁC NGUYÊN NHÂN NGHÈO'));
    expect(table10).toContain(`Tổng cộng ${row(all).map(fmt).join(' ')}`);
  });

  it('counts each deprivation of poor households as the results say', async () => {
    const t = squash(await textOf('BC'));
    const deprived = (db.sqlite
      .prepare(`SELECT r.deprived FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND h.commune_id = ? AND r.status = 'poor'`)
      .all(roundId, commune.id) as { deprived: string }[]).map((r) => JSON.parse(r.deprived) as string[]);
    const order = ['employment', 'dependants', 'nutrition', 'healthInsurance', 'adultEducation', 'childSchooling', 'housingQuality', 'housingArea', 'water', 'sanitation', 'telecom', 'informationDevices'];
    const counts = order.map((id) => deprived.filter((d) => d.includes(id)).length);
    const total = deprived.reduce((s, d) => s + d.length, 0);
    expect(t).toContain(`1 Xã Bình Mỹ ${deprived.length} ${total} ${counts.join(' ')}`);
  });
});

describe('the lists P1 and LK', () => {
  it('P1 lists the households of the commune on the review list', async () => {
    const t = squash(await textOf('P1'));
    const n = one<{ n: number }>("SELECT COUNT(*) AS n FROM households WHERE round_id = ? AND commune_id = ? AND review_state != 'not_listed'", roundId, commune.id).n;
    expect(t).toContain('DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT');
    expect(t).toContain(`Tổng cộng: ${n} hộ.`);
    expect(t).toContain('BAN CHỈ ĐẠO RÀ SOÁT');
    for (const h of ['STT', 'Họ và tên chủ hộ', 'Thôn, ấp', 'Địa chỉ', 'Dân tộc', 'Phân loại kỳ trước', 'Ghi chú']) expect(t).toContain(h);
  });

  it('LK has one row per person of the poor and near-poor households, head first, the 12-digit ID as text', async () => {
    const t = squash(await textOf('LK'));
    const people = one<{ n: number; h: number }>(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT h.id) AS h FROM members m JOIN households h ON h.id = m.household_id JOIN results r ON r.household_id = h.id
       WHERE h.round_id = ? AND h.commune_id = ? AND r.status IN ('poor', 'near_poor')`,
      roundId,
      commune.id,
    );
    expect(t).toContain(`Tổng cộng: ${people.h} hộ, ${people.n} người.`);
    const withZero = one<{ id_number: string } | undefined>(
      `SELECT m.id_number FROM members m JOIN households h ON h.id = m.household_id JOIN results r ON r.household_id = h.id
       WHERE h.round_id = ? AND h.commune_id = ? AND r.status IN ('poor', 'near_poor') AND m.id_number LIKE '0%' LIMIT 1`,
      roundId,
      commune.id,
    );
    expect(withZero?.id_number).toMatch(/^0\d{11}$/u);
    expect(t).toContain(withZero!.id_number);
    // The first household's rows: its head, then its other members.
    const first = listRows(db.sqlite, roundId, [commune.id], 'poor_or_near_poor')[0]!;
    expect(t).toMatch(new RegExp(`1 ${first.headName} Chủ hộ`, 'u'));
    for (const h of ['STT hộ', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Mã xã', 'Phân loại hộ', 'Ngày QĐ', 'Điểm B1', 'Điểm B2']) expect(t).toContain(h);
    for (const h of ['Quan hệ với chủ hộ', 'Số định danh cá nhân', 'Số QĐ công nhận']) expect(containsInOrder(t, h), h).toBe(true);
  });
});

describe('the other documents', () => {
  it('forms and minutes carry their titles and the right header', async () => {
    const m01 = squash(await textOf('M01'));
    expect(m01).toContain('GIẤY ĐỀ NGHỊ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO');
    expect(m01).toContain('Kính gửi: Chủ tịch Ủy ban nhân dân xã Bình Mỹ');
    expect(m01).not.toContain('ỦY BAN NHÂN DÂN XÃ'); // a citizen's form has no issuing body
    expect(squash(await textOf('M04'))).toContain('GIẤY ĐỀ NGHỊ CÔNG NHẬN HỘ THOÁT NGHÈO, HỘ THOÁT CẬN NGHÈO');
    const m03 = squash(await textOf('M03'));
    expect(m03).toContain('GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO');
    expect(m03).toContain('/GCN-HN.HCN');
    const certificates = m03.split('GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO').length - 1;
    expect(certificates).toBe(counted("r.status IN ('poor', 'near_poor')").households);
    const p5 = squash(await textOf('P5'));
    const villages = one<{ n: number }>("SELECT COUNT(*) AS n FROM units WHERE parent_id = ? AND level = 'village'", commune.id).n;
    expect(p5.split('Kết quả họp dân để thống nhất kết quả rà soát').length - 1).toBe(villages);
    const tb = squash(await textOf('TB'));
    expect(tb).toContain('THÔNG BÁO');
    expect(tb).toContain('/TB-UBND');
    expect(tb).toContain(`1. Danh sách hộ nghèo: ${counted("r.status = 'poor'").households} hộ`);
    for (const d of ['PA', 'PB'] as const) expect(squash(await textOf(d))).toContain(d === 'PA' ? 'PHIẾU A' : 'PHIẾU B');
  });

  it('refuses a commune-only document for the district', async () => {
    await expect(renderDocument(target(district.id), 'M02')).rejects.toThrow(/chỉ in cho một xã/u);
  });
});

describe('page geometry and fonts', () => {
  it.each(['M02', 'BC', 'LK', 'P5', 'M01'] as const)('%s is A4 with the decree margins, page numbers from page 2, fonts embedded', async (doc) => {
    await textOf(doc);
    const file = path.join(tmp, `${doc}-${commune.id}.pdf`);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+(595\.2\d? x 841\.8\d?|841\.8\d? x 595\.2\d?) pts \(A4\)/u);
    const pages = pdfWords(file);
    expect(pages.length).toBeGreaterThan(doc === 'M01' ? 0 : 1);
    const MM = 72 / 25.4;
    pages.forEach((page, i) => {
      const landscape = page.width > page.height;
      expect(page.height).toBeCloseTo(landscape ? 595.28 : 841.89, 0);
      // The page number is the only text in the top margin, from page 2 on.
      const inTop = page.words.filter((w) => w.yMin < 20 * MM - 0.5);
      if (i === 0) expect(inTop).toHaveLength(0);
      else expect(inTop.map((w) => w.text)).toEqual([String(i + 1)]);
      for (const w of page.words.filter((x) => x.yMin >= 20 * MM - 0.5)) {
        expect(w.xMin).toBeGreaterThanOrEqual(30 * MM - 0.5); // left 30 mm
        expect(w.xMax).toBeLessThanOrEqual(page.width - 15 * MM + 0.5); // right 15 mm
        expect(w.yMax).toBeLessThanOrEqual(page.height - 20 * MM + 0.5); // bottom 20 mm
      }
    });
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const line of fonts) expect(line).toMatch(/Tinos.*CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/u);
  });
});

/** Every font an embedded Tinos subset, each subset under its own name (ISO 32000-1, 9.6.4). */
function expectEmbeddedSubsets(file: string): void {
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  for (const line of fonts) expect(line).toMatch(/Tinos.*CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/u);
  const names = fonts.map((line) => line.split(/\s+/u)[0]);
  expect(new Set(names).size).toBe(names.length);
}

describe('the approval dossier', () => {
  it('writes the dossier and each document, with a contents list whose pages match and numbers running through', async () => {
    const out = path.join(tmp, 'dossier');
    fs.mkdirSync(out);
    const steps: string[] = [];
    const result = await renderDossier(target(commune.id), out, (_d, _t, m) => steps.push(m));
    expect(result.files.map((f) => f.doc)).toEqual(['dossier', 'P1', 'P5', 'TB', 'BC', 'M02', 'LK']);
    for (const f of result.files) expect(fs.existsSync(path.join(out, f.name))).toBe(true);
    const dossier = result.files[0]!;
    expect(dossier.pages).toBe(1 + result.files.slice(1).reduce((s, f) => s + f.pages, 0));
    const pages = pdfWords(path.join(out, dossier.name));
    expect(pages).toHaveLength(dossier.pages);
    const cover = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', path.join(out, dossier.name), '-'], { encoding: 'utf8' });
    expect(cover).toContain('MỤC LỤC');
    let start = 2;
    for (const f of result.files.slice(1)) {
      expect(cover).toMatch(new RegExp(`\\s${f.doc}\\s+${start}\\s+${f.pages}\\n`, 'u'));
      // The page the contents give shows that document's title, and carries its dossier page number.
      const page = pages[start - 1]!;
      const top = page.words.filter((w) => w.yMin < 20 * (72 / 25.4) - 0.5).map((w) => w.text);
      expect(top).toEqual([String(start)]);
      start += f.pages;
    }
    expect(squash(pages[1]!.words.map((w) => w.text).join(' '))).toContain('DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT');
    expect(steps.at(-1)).toMatch(/Đã lập hồ sơ/u);

    // Each separate file is the document as printed on its own: same words in the same places, its
    // page numbers restarting at 2; in the dossier the same pages carry the running numbers.
    const MM = 72 / 25.4;
    const body = (p: PdfPage) => p.words.filter((w) => w.yMin >= 20 * MM - 0.5);
    const numberOf = (p: PdfPage) => p.words.filter((w) => w.yMin < 20 * MM - 0.5);
    const round = (ws: PdfPage['words']) => ws.map((w) => `${w.text}@${w.xMin.toFixed(1)},${w.yMin.toFixed(1)},${w.xMax.toFixed(1)},${w.yMax.toFixed(1)}`);
    start = 2;
    for (const f of result.files.slice(1)) {
      const file = path.join(out, f.name);
      const own = pdfWords(file);
      expect(own).toHaveLength(f.pages);
      const alone = await renderDocument(target(commune.id), f.doc as DocumentId);
      fs.writeFileSync(path.join(tmp, `alone-${f.name}`), alone.pdf);
      const single = pdfWords(path.join(tmp, `alone-${f.name}`));
      expect(single).toHaveLength(f.pages);
      const ownNumberTop = single[1] && numberOf(single[1])[0]?.yMin;
      own.forEach((page, i) => {
        expect(round(page.words)).toEqual(round(single[i]!.words)); // numbers included
        expect(numberOf(page).map((w) => w.text)).toEqual(i === 0 ? [] : [String(i + 1)]);
        const inDossier = pages[start - 1 + i]!;
        expect([page.width, page.height]).toEqual([inDossier.width, inDossier.height]);
        expect(round(body(inDossier))).toEqual(round(body(page)));
        const [n] = numberOf(inDossier);
        expect(n?.text).toBe(String(start + i));
        // The running number sits where a document's own number does: centred on the page (pdfmake
        // lays the header across the whole width), at the same height.
        expect(Math.abs((n!.xMin + n!.xMax) / 2 - inDossier.width / 2)).toBeLessThan(0.6);
        if (ownNumberTop !== undefined) expect(n!.yMin).toBeCloseTo(ownNumberTop, 1);
      });
      expectEmbeddedSubsets(file);
      start += f.pages;
    }
    expectEmbeddedSubsets(path.join(out, dossier.name));
  }, 120_000);
});
