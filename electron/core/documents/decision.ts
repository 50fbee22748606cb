// Mẫu số 02 (Quyết định 24/2021/QĐ-TTg): the commune chairman's decision recognising the lists,
// followed by its four attached lists.
import type BetterSqlite3 from 'better-sqlite3';
import type { Content } from 'pdfmake/interfaces';
import { citationsFor } from '../../../shared/documents/legal-bases';
import { unitFullName } from '../../../shared/domain/units';
import { formatDateVi } from '../../../shared/text/format';
import { BLANK, para, titleBlock } from './blocks';
import { chairmanSignature, committeeHeader, superiorCommittee } from './common';
import { inSentence, legalDate, PLAIN, rowOrNull, type DocContext, type DocOptions } from './context';
import { decisionList, DECISION_LISTS } from './lists';
import type { DocPart } from './pdf';
import { countList } from './queries';
import { DECISION_SYMBOL } from '../../../shared/domain/decision-number';

/** The district chairman's opinion (periodic review, before 1/7/2025), when recorded. */
export function districtOpinion(sqlite: BetterSqlite3.Database, ctx: DocContext): { number: string | null; receivedOn: string | null } | null {
  if (!ctx.commune) return null;
  return rowOrNull(
    sqlite,
    'SELECT number, received_on AS receivedOn FROM district_opinions WHERE round_id = ? AND commune_id = ? ORDER BY id DESC LIMIT 1',
    ctx.round.id,
    ctx.commune.id,
  );
}

export function decisionDocument(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions = PLAIN): DocPart[] {
  const commune = ctx.commune!;
  const ids = [commune.id];
  const where = inSentence(commune);
  const year = ctx.round.year;
  const n = Object.fromEntries(DECISION_LISTS.map((l) => [l.kind, countList(sqlite, ctx.round.id, ids, l.kind)]));
  const exits = sqlite
    .prepare(
      `SELECT SUM(r.transition = 'exited_to_near_poor') AS toNear, SUM(r.transition = 'exited_above_near_poor') AS above
       FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND h.commune_id = ?`,
    )
    .get(ctx.round.id, commune.id) as { toNear: number | null; above: number | null };
  // The laws, the standard and the procedure in force on the decision's date (resources/documents/legal-bases.json).
  const bases = citationsFor(opts.legalBases, { ruleSetId: ctx.round.rule_set_id, date: legalDate(ctx) }, 'M02');
  // Quyết định 24/2021, Điều 4: the commune asks the district chairman's opinion before recognising (no district after 1/7/2025).
  if (ctx.district) {
    const op = districtOpinion(sqlite, ctx);
    const ref = op ? ` tại văn bản số ${op.number || BLANK} ngày ${op.receivedOn ? formatDateVi(op.receivedOn) : BLANK}` : '';
    bases.push(`Căn cứ ý kiến của Chủ tịch Ủy ban nhân dân ${inSentence(ctx.district)}${ref};`);
  }
  bases.push(`Căn cứ kết quả rà soát hộ nghèo, hộ cận nghèo năm ${year} trên địa bàn ${where};`);
  bases.push('Xét đề nghị của Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo cấp xã.');
  const count = (k: string): string => `${n[k]!.households} hộ, ${n[k]!.people} nhân khẩu`;
  const article = (label: string, text: string): Content => para([{ text: `${label} `, bold: true }, text], { margin: [20, 0, 0, 5] });
  const recipients = ['Như Điều 3', `${superiorCommittee(ctx)} (báo cáo)`];
  const content: Content[] = [
    committeeHeader(ctx, DECISION_SYMBOL, 'portrait', ctx.decision?.number, ctx.decision?.signedOn ?? null),
    titleBlock('QUYẾT ĐỊNH', [
      `Về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, hộ thoát cận nghèo trên địa bàn ${where} năm ${year}`,
    ]),
    { text: `CHỦ TỊCH ỦY BAN NHÂN DÂN ${unitFullName(commune.type, commune.name).toUpperCase()}`, bold: true, alignment: 'center', margin: [0, 0, 0, 8] },
    ...bases.map((b) => para(b, { italics: true, margin: [20, 0, 0, 4] })),
    { text: 'QUYẾT ĐỊNH:', bold: true, alignment: 'center', margin: [0, 6, 0, 6] },
    article('Điều 1.', `Công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, hộ thoát cận nghèo trên địa bàn ${where} năm ${year}, cụ thể:`),
    para(`1. Hộ nghèo: ${count('poor')}.`, { margin: [20, 0, 0, 3] }),
    para(`2. Hộ cận nghèo: ${count('near_poor')}.`, { margin: [20, 0, 0, 3] }),
    para(
      `3. Hộ thoát nghèo: ${count('escaped_poor')} (trong đó: thoát nghèo thành hộ cận nghèo ${exits.toNear ?? 0} hộ; thoát nghèo vượt chuẩn cận nghèo ${exits.above ?? 0} hộ).`,
      { margin: [20, 0, 0, 3] },
    ),
    para(`4. Hộ thoát cận nghèo: ${count('escaped_near_poor')}.`, { margin: [20, 0, 0, 3] }),
    para('(Có danh sách chi tiết từng loại hộ kèm theo.)', { italics: true, margin: [20, 0, 0, 5] }),
    article(
      'Điều 2.',
      `Danh sách hộ nghèo, hộ cận nghèo tại Điều 1 là cơ sở để thực hiện các chính sách hỗ trợ giảm nghèo và an sinh xã hội từ ngày 01 tháng 01 năm ${year + 1} đến ngày 31 tháng 12 năm ${year + 1}. Quyết định này có hiệu lực kể từ ngày ký.`,
    ),
    article(
      'Điều 3.',
      `Công chức phụ trách công tác giảm nghèo, Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo cấp xã, Trưởng các thôn, ấp, khóm và các hộ gia đình có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.`,
    ),
    chairmanSignature(ctx, recipients),
  ];
  return [{ orientation: 'portrait', content }, ...DECISION_LISTS.map((l) => decisionList(sqlite, ctx, l.kind, l.title))];
}
