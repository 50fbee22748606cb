// The written reply refusing a monthly-review request (Quyết định 24/2021, Điều 5 and 6: "trường
// hợp không đủ điều kiện … trả lời bằng văn bản và nêu rõ lý do"). No national template: the
// usual layout of a commune notice (Nghị định 30/2020), its reasons numbered.
import type BetterSqlite3 from 'better-sqlite3';
import type { Content } from 'pdfmake/interfaces';
import { REQUEST_PURPOSE_LABELS, REQUEST_STATUS_LABELS, type RequestRow } from '../../../shared/api/requests';
import { unitFullName } from '../../../shared/domain/units';
import { formatDateVi } from '../../../shared/text/format';
import { agencyHeader, BLANK, para, signatureBlock, titleBlock } from './blocks';
import { inSentence, readOfficials } from './context';
import type { DocPart } from './pdf';
import { invalidAt } from '../errors';

/** The form's own title, as the household filed it. */
export const REQUEST_TITLES: Record<RequestRow['purpose'], string> = {
  poverty: 'Giấy đề nghị rà soát hộ nghèo, hộ cận nghèo (Mẫu số 01)',
  middle_income: 'Giấy đề nghị xác định hộ có mức sống trung bình (Mẫu số 01)',
  exit: 'Giấy đề nghị công nhận hộ thoát nghèo, hộ thoát cận nghèo (Mẫu số 04)',
};

/** What was refused, in the sentence "không đồng ý …". */
const REFUSED_WHAT: Record<RequestRow['purpose'], string> = {
  poverty: 'công nhận hộ gia đình ông/bà là hộ nghèo, hộ cận nghèo',
  middle_income: 'công nhận hộ gia đình ông/bà là hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình',
  exit: 'công nhận hộ gia đình ông/bà thoát nghèo, thoát cận nghèo',
};

export function refusalLetter(sqlite: BetterSqlite3.Database, r: RequestRow): DocPart[] {
  if (r.status !== 'refused') throw invalidAt('requestId', `Đơn đề nghị mã số ${r.id} đang ở trạng thái «${REQUEST_STATUS_LABELS[r.status]}»: chỉ in thông báo trả lời cho đơn đã được trả lời không đồng ý (có lý do).`);
  const commune = sqlite.prepare('SELECT id, name, type FROM units WHERE id = ?').get(r.communeId) as { id: number; name: string; type: string };
  const o = readOfficials(sqlite, commune.id);
  const full = unitFullName(commune.type, commune.name);
  const where = inSentence(commune);
  const kt = o.signAs === 'KT';
  const year = Number((r.settledOn ?? r.receivedOn).slice(0, 4));
  const content: Content[] = [
    agencyHeader({ governing: 'ỦY BAN NHÂN DÂN', issuer: full, number: `Số: ${BLANK}/TB-UBND`, place: o.placeName || commune.name, date: r.settledOn, year, orientation: 'portrait' }),
    titleBlock('THÔNG BÁO', [`Về việc trả lời đơn đề nghị ${REQUEST_PURPOSE_LABELS[r.purpose]}`]),
    para(`Kính gửi: Ông/bà ${r.headName}${r.address ? `, ${r.address}` : ''}.`, { alignment: 'center', margin: [0, 0, 0, 8] }),
    para(
      `Ủy ban nhân dân ${where} đã nhận ${REQUEST_TITLES[r.purpose]} ban hành kèm theo Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ, của ông/bà ${r.headName}, nộp ngày ${formatDateVi(r.receivedOn)}${r.householdCode ? ` (mã hộ ${r.householdCode})` : ''}.`,
      { margin: [0, 0, 0, 5] },
    ),
    para(`Sau khi xem xét, rà soát theo quy định, Ủy ban nhân dân ${where} không đồng ý ${REFUSED_WHAT[r.purpose]}, vì các lý do sau:`, { margin: [0, 0, 0, 5] }),
    ...r.refusalReasons.map((reason, i) => para(`${i + 1}. ${reason}`, { margin: [20, 0, 0, 3] })),
    para(
      `Trường hợp không đồng ý với nội dung trả lời này, ông/bà có quyền khiếu nại đến Chủ tịch Ủy ban nhân dân ${where} theo quy định của pháp luật về khiếu nại.`,
      { margin: [0, 5, 0, 5] },
    ),
    para(`Ủy ban nhân dân ${where} thông báo để ông/bà được biết.`, { margin: [0, 0, 0, 5] }),
    signatureBlock({ authority: kt ? ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'] : ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'], name: kt ? o.viceChairman : o.chairman, recipients: [`Ông/bà ${r.headName}`, 'Ban Chỉ đạo rà soát cấp xã'] }),
  ];
  return [{ orientation: 'portrait', content }];
}
