/**
 * Workflow records (village meeting, posting, complaints, district opinion, decision) printed
 * where they exist, blanks where a step is not recorded yet; a database without those tables
 * (all migrations run on open, so a damaged one) fails the documents instead of printing blanks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { renderDocument } from '../../electron/core/documents/render';
import { classifyRound } from '../../electron/core/rounds/classify';
import type { DocumentId } from '../../shared/api/documents';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { pdfText, squash } from './documents-pdf';

const tmp = tempDir('rasoat-docwf-');
const core = new Core({ dbPath: path.join(tmp, 'rasoat.sqlite'), resourcesDir: RESOURCES });
let seed: ReturnType<typeof seedSmall>;

beforeAll(() => {
  seed = seedSmall(core);
  const sqlite = core.db.sqlite;
  classifyRound(sqlite, core.registry, seed.roundId, { actor: 'test' });
  const now = new Date().toISOString();
  sqlite
    .prepare(
      `INSERT INTO village_meetings (round_id, village_id, held_on, place, chair, secretary, attendees_count, households_present,
         households_listed, agreed_count, outcome, agreed_percent, present_percent, created_at)
       VALUES (?, ?, '2023-10-07', 'Nhà văn hóa ấp Bình Hưng', 'Võ Văn Chủ', 'Lý Thị Thư', 40, 3, 3, 36, 'agreed', 90, 100, ?)`,
    )
    .run(seed.roundId, seed.villageId, now);
  sqlite.prepare("INSERT INTO postings (round_id, commune_id, from_date, to_date, places, created_at) VALUES (?, ?, '2023-10-10', '2023-10-12', 'Trụ sở UBND xã', ?)").run(seed.roundId, seed.communeId, now);
  sqlite.prepare("INSERT INTO complaints (round_id, household_id, received_on, content, result, rechecked_on, created_at) VALUES (?, ?, '2023-10-11', 'Đề nghị xem lại', 'Giữ nguyên', '2023-10-13', ?)").run(seed.roundId, seed.householdIds[2], now);
  sqlite.prepare("INSERT INTO district_opinions (round_id, commune_id, received_on, number, content, created_at) VALUES (?, ?, '2023-11-20', '345/UBND-LĐTBXH', 'Thống nhất', ?)").run(seed.roundId, seed.communeId, now);
  sqlite
    .prepare("INSERT INTO decisions (round_id, commune_id, number, signed_on, signer_name, signer_title, created_at) VALUES (?, ?, '12', '2023-12-05', 'Nguyễn Văn Ký', 'Phó Chủ tịch', ?)")
    .run(seed.roundId, seed.communeId, now);
});

afterAll(() => {
  core.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function text(doc: DocumentId, dbPath = core.options.dbPath): Promise<string> {
  const out = await renderDocument({ dbPath, resourcesDir: RESOURCES, roundId: seed.roundId, unitId: seed.communeId }, doc);
  const file = path.join(tmp, `${doc}-${path.basename(dbPath)}.pdf`);
  fs.writeFileSync(file, out.pdf);
  // A number wrapped after its slash ("345/" at a line end) reads back with a space: join it.
  return squash(pdfText(file)).replace(/\/ /gu, '/');
}

describe('recorded workflow steps', () => {
  it('the decision prints its number, date with leading zeros, the district opinion and the signer (KT.)', async () => {
    const t = await text('M02');
    expect(t).toContain('Số: 12/QĐ-UBND');
    expect(t).toContain('Bình Mỹ, ngày 05 tháng 12 năm 2023');
    expect(t).toContain('Căn cứ ý kiến của Chủ tịch Ủy ban nhân dân huyện Châu Phú tại văn bản số 345/UBND-LĐTBXH ngày 20/11/2023;');
    expect(t).toContain('KT. CHỦ TỊCH PHÓ CHỦ TỊCH');
    expect(t).toContain('Nguyễn Văn Ký');
    expect(t).toContain('(Kèm theo Quyết định số 12/QĐ-UBND ngày 05/12/2023');
  });

  it('the minutes print the meeting: date, place, chair, secretary, attendance and vote', async () => {
    const t = await text('P5');
    expect(t).toContain('Hôm nay, ngày 07/10/2023, tại Nhà văn hóa ấp Bình Hưng');
    expect(t).toContain('Chủ trì cuộc họp: Võ Văn Chủ');
    expect(t).toContain('Thư ký cuộc họp: Lý Thị Thư');
    expect(t).toContain('Đại diện 3 hộ gia đình trên tổng số 3 hộ gia đình có tên trong Danh sách hộ gia đình cần rà soát, chiếm tỷ lệ 100,0 %');
    expect(t).toContain('Tổng số người dự họp: 40; số người đồng ý với kết quả rà soát: 36, chiếm tỷ lệ 90,0 %.');
    expect(t).toContain('Bình Hưng, ngày 07 tháng 10 năm 2023');
  });

  it('the notice prints the posting period, places and complaints handled', async () => {
    const t = await text('TB');
    expect(t).toContain('Thời gian niêm yết: từ ngày 10/10/2023 đến ngày 12/10/2023.');
    expect(t).toContain('Địa điểm niêm yết: Trụ sở UBND xã');
    expect(t).toContain('Kết quả tiếp nhận ý kiến: 1 trường hợp; đã phúc tra, giải quyết: 1 trường hợp.');
  });

  it('the population list carries the decision number and date on each head row', async () => {
    const t = await text('LK');
    expect(t.split('12/QĐ-UBND 05/12/2023').length - 1).toBe(2); // two households, on their heads' rows only
  });

  const copyWith = async (name: string, sql: string): Promise<string> => {
    const file = path.join(tmp, name);
    core.db.sqlite.exec(`VACUUM INTO '${file}'`); // a consistent copy, WAL included
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(file);
    raw.exec(sql);
    raw.close();
    return file;
  };
  const TABLES = ['village_meetings', 'postings', 'complaints', 'district_opinions', 'decisions'];

  it('steps not recorded yet print as blanks', async () => {
    const empty = await copyWith('empty.sqlite', TABLES.map((t) => `DELETE FROM ${t};`).join(' '));
    const m02 = await text('M02', empty);
    expect(m02).toContain('Số: ……………/QĐ-UBND');
    expect(m02).toContain('Căn cứ ý kiến của Chủ tịch Ủy ban nhân dân huyện Châu Phú;');
    const p5 = await text('P5', empty);
    expect(p5).toContain('Chủ trì cuộc họp: ……………');
    const tb = await text('TB', empty);
    expect(tb).toContain('Thời gian niêm yết: từ ngày …………… đến ngày …………….');
    expect(tb).toContain('Kết quả tiếp nhận ý kiến: 0 trường hợp; đã phúc tra, giải quyết: 0 trường hợp.');
  });

  it('a database without the workflow tables fails the documents rather than printing blanks', async () => {
    const old = await copyWith('old.sqlite', TABLES.map((t) => `DROP TABLE IF EXISTS ${t};`).join(' '));
    // Opened read-only, as the documents open it: no migration recreates the tables.
    for (const doc of ['M02', 'P5', 'TB'] as const) await expect(text(doc, old), doc).rejects.toThrow(/no such table/u);
  });
});
