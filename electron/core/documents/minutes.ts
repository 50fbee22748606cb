// P5: village meeting minutes (Thông tư 07/2021, Phụ lục V), one per village; TB: the posting notice
// with its lists (commune practice, e.g. UBND xã Cẩm Duệ 566/TB-UBND). A workflow record not
// entered yet (no meeting, no posting) prints as blanks; a query that fails fails the document.
import type BetterSqlite3 from 'better-sqlite3';
import type { Content } from 'pdfmake/interfaces';
import { procedureTexts } from '../../../shared/documents/legal-bases';
import { unitFullName } from '../../../shared/domain/units';
import { formatDateVi } from '../../../shared/text/format';
import { agencyHeader, BLANK, para, percent, signatureRow, titleBlock } from './blocks';
import { chairmanSignature, committeeHeader, issuerOf, superiorCommittee } from './common';
import { inSentence, legalDate, PLAIN, rowOrNull, type DocContext, type DocOptions } from './context';
import { decisionList, DECISION_LISTS } from './lists';
import type { DocPart } from './pdf';
import { countList, countVillage, villagesOf } from './queries';

interface Meeting {
  held_on: string | null;
  place: string | null;
  chair: string | null;
  secretary: string | null;
  attendees_count: number | null;
  households_present: number | null;
  households_listed: number | null;
  agreed_count: number | null;
  outcome: string | null;
}

const orBlank = (v: string | number | null | undefined): string => (v === null || v === undefined || v === '' ? BLANK : String(v));

export function meetingMinutes(sqlite: BetterSqlite3.Database, ctx: DocContext): DocPart[] {
  const commune = ctx.commune!;
  const villages = villagesOf(sqlite, commune.id, ctx.round.unit_map_date);
  return villages.map((v): DocPart => {
    const m = rowOrNull<Meeting>(sqlite, 'SELECT * FROM village_meetings WHERE round_id = ? AND village_id = ? ORDER BY id DESC LIMIT 1', ctx.round.id, v.id);
    // Phụ lục V: the share of households present is against the households on the list to review.
    const listed = m?.households_listed ?? countVillage(sqlite, ctx.round.id, v.id, 'reviewed').households;
    const present = m?.households_present ?? null;
    const village = unitFullName(v.type, v.name);
    const heldOn = m?.held_on ? formatDateVi(m.held_on) : `…… /…… /${ctx.round.year}`;
    const results = DECISION_LISTS.map((l, i) => {
      const c = countVillage(sqlite, ctx.round.id, v.id, l.kind);
      return para(`${i + 1}. ${l.short.charAt(0).toUpperCase() + l.short.slice(1)}: ${c.households} hộ, ${c.people} nhân khẩu.`, { margin: [20, 0, 0, 3] });
    });
    const content: Content[] = [
      { text: 'Phụ lục V', italics: true, alignment: 'right', fontSize: 11 },
      agencyHeader({
        governing: `UBND ${unitFullName(commune.type, commune.name)}`,
        issuer: village,
        number: null,
        place: v.name,
        date: m?.held_on ?? null,
        year: ctx.round.year,
        orientation: 'portrait',
      }),
      titleBlock('BIÊN BẢN', ['Kết quả họp dân để thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo']),
      para(
        `Hôm nay, ngày ${heldOn}, tại ${orBlank(m?.place)}, ${inSentence(v)}, ${inSentence(commune)} đã tổ chức cuộc họp thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo năm ${ctx.round.year} trên địa bàn.`,
      ),
      para(`Chủ trì cuộc họp: ${orBlank(m?.chair)}, Trưởng ${village.charAt(0).toLowerCase() + village.slice(1)}.`),
      para(`Thư ký cuộc họp: ${orBlank(m?.secretary)}.`),
      { text: 'Thành phần tham gia:', bold: true, margin: [0, 2, 0, 3] },
      para(`- Đại diện Ban Chỉ đạo rà soát cấp xã: ${BLANK} người;`),
      para(`- Đại diện tổ chức Đảng, đoàn thể: ${BLANK} người;`),
      para(`- Đại diện Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã: ${BLANK} người;`),
      para(
        `- Đại diện ${orBlank(present)} hộ gia đình trên tổng số ${listed} hộ gia đình có tên trong Danh sách hộ gia đình cần rà soát, chiếm tỷ lệ ${present !== null ? percent(present, listed) : BLANK} %;`,
      ),
      para(`- Rà soát viên: ${BLANK} người.`),
      { text: 'Kết quả biểu quyết:', bold: true, margin: [0, 4, 0, 3] },
      para(
        // Quyết định 24/2021, Điều 4 khoản 3: agreement of at least 50 % of those present, else review again.
        `Tổng số người dự họp: ${orBlank(m?.attendees_count)}; số người đồng ý với kết quả rà soát: ${orBlank(m?.agreed_count)}, chiếm tỷ lệ ${
          m?.agreed_count !== null && m?.agreed_count !== undefined && m.attendees_count ? percent(m.agreed_count, m.attendees_count) : BLANK
        } %.`,
      ),
      { text: 'Kết quả thống nhất:', bold: true, margin: [0, 4, 0, 3] },
      ...results,
      para('(Có danh sách kèm theo.)', { italics: true }),
      para(`Biên bản được lập thành 02 bản: 01 bản lưu tại ${inSentence(v)}, 01 bản gửi Ban Chỉ đạo rà soát cấp xã. Cuộc họp kết thúc vào lúc …… giờ …… cùng ngày.`),
      signatureRow([
        { title: 'Thư ký', name: m?.secretary ?? '' },
        { title: 'Chủ trì', name: m?.chair ?? '' },
        { title: 'Đại diện các hộ gia đình', name: '' },
      ]),
    ];
    return { orientation: 'portrait', content };
  });
}

interface Posting {
  from_date: string | null;
  to_date: string | null;
  places: string | null;
}

export function postingNotice(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions = PLAIN): DocPart[] {
  const commune = ctx.commune!;
  const posting = rowOrNull<Posting>(sqlite, 'SELECT * FROM postings WHERE round_id = ? AND commune_id = ? ORDER BY id DESC LIMIT 1', ctx.round.id, commune.id);
  const complaints = sqlite
    .prepare(
      `SELECT COUNT(*) AS n, SUM(c.result IS NOT NULL AND c.result != '') AS resolved FROM complaints c
       JOIN households h ON h.id = c.household_id WHERE c.round_id = ? AND h.commune_id = ?`,
    )
    .get(ctx.round.id, commune.id) as { n: number; resolved: number | null };
  const where = inSentence(issuerOf(ctx));
  const from = posting?.from_date ? formatDateVi(posting.from_date) : BLANK;
  const to = posting?.to_date ? formatDateVi(posting.to_date) : BLANK;
  const ids = [commune.id];
  const counts = DECISION_LISTS.map((l, i) => {
    const c = countList(sqlite, ctx.round.id, ids, l.kind);
    return para(`${i + 1}. Danh sách ${l.short}: ${c.households} hộ, ${c.people} nhân khẩu.`, { margin: [20, 0, 0, 3] });
  });
  const notice: Content[] = [
    committeeHeader(ctx, 'TB-UBND', 'portrait', null, posting?.from_date ?? null),
    titleBlock('THÔNG BÁO', [`Về việc niêm yết công khai danh sách hộ nghèo, hộ cận nghèo, hộ thoát nghèo, hộ thoát cận nghèo năm ${ctx.round.year} trên địa bàn ${where}`]),
    para(
      `Căn cứ ${procedureTexts(opts.legalBases, { ruleSetId: ctx.round.rule_set_id, date: posting?.from_date ?? legalDate(ctx) }) ?? 'quy định về rà soát hộ nghèo, hộ cận nghèo hằng năm'}, kết quả họp dân tại các thôn, ấp, Ủy ban nhân dân ${where} thông báo niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo năm ${ctx.round.year} như sau:`,
    ),
    ...counts,
    para(`Thời gian niêm yết: từ ngày ${from} đến ngày ${to}.`),
    para(`Địa điểm niêm yết: ${posting?.places || 'Trụ sở Ủy ban nhân dân xã, nhà văn hóa (nhà sinh hoạt cộng đồng) các thôn, ấp, khóm'}; đồng thời thông báo trên hệ thống truyền thanh của xã.`),
    para(
      'Trong thời gian niêm yết, nếu có ý kiến không đồng ý với kết quả rà soát, người dân phản ánh đến Ban Chỉ đạo rà soát cấp xã để phúc tra theo quy định.',
    ),
    para(`Kết quả tiếp nhận ý kiến: ${complaints.n} trường hợp; đã phúc tra, giải quyết: ${complaints.resolved ?? 0} trường hợp.`),
    chairmanSignature(ctx, [superiorCommittee(ctx) + ' (báo cáo)', 'Các thôn, ấp, khóm (niêm yết)', 'Đài truyền thanh xã']),
  ];
  const attached = `(Kèm theo Thông báo số ${BLANK}/TB-UBND của Ủy ban nhân dân ${where})`;
  return [{ orientation: 'portrait', content: notice }, ...DECISION_LISTS.map((l) => decisionList(sqlite, ctx, l.kind, l.title, attached))];
}
