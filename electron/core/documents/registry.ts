// The inventory of spec/documents.md: each id, its title, whether it needs a commune, and its builder.
import type BetterSqlite3 from 'better-sqlite3';
import type { DocumentId } from '../../../shared/api/documents';
import type { DocContext, DocOptions } from './context';
import { decisionDocument } from './decision';
import { certificate, formM01, formM04, surveyA, surveyB } from './forms';
import { populationList, reviewList } from './lists';
import { meetingMinutes, postingNotice } from './minutes';
import type { DocPart } from './pdf';
import { reportDocument } from './report';
import { middleIncomeCertificates, middleIncomeDecision, middleIncomeList } from './middle-income';

export interface DocumentDef {
  title: string;
  /** Decisions, minutes, notices and forms are the commune's; reports and the population list may cover a district. */
  communeOnly: boolean;
  build(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions): DocPart[];
}

export const DOCUMENTS: Record<DocumentId, DocumentDef> = {
  M01: { title: 'Mẫu số 01 — Giấy đề nghị rà soát hộ nghèo, hộ cận nghèo', communeOnly: true, build: (s, ctx, o) => [formM01(s, ctx, o)] },
  M02: { title: 'Mẫu số 02 — Quyết định công nhận danh sách hộ nghèo, hộ cận nghèo, hộ thoát nghèo, hộ thoát cận nghèo (kèm bốn danh sách)', communeOnly: true, build: decisionDocument },
  M03: { title: 'Mẫu số 03 — Giấy chứng nhận hộ nghèo, hộ cận nghèo', communeOnly: true, build: certificate },
  M04: { title: 'Mẫu số 04 — Giấy đề nghị công nhận hộ thoát nghèo, hộ thoát cận nghèo', communeOnly: true, build: (s, ctx, o) => [formM04(s, ctx, o)] },
  P1: { title: 'Phụ lục I — Danh sách hộ gia đình cần rà soát', communeOnly: true, build: (s, ctx) => [reviewList(s, ctx)] },
  PA: { title: 'Phụ lục II — Phiếu A (nhận dạng nhanh đặc điểm hộ gia đình)', communeOnly: true, build: surveyA },
  PB: { title: 'Phụ lục III — Phiếu B (B1, B2)', communeOnly: true, build: surveyB },
  P5: { title: 'Phụ lục V — Biên bản họp dân thống nhất kết quả rà soát (mỗi thôn, ấp một biên bản)', communeOnly: true, build: meetingMinutes },
  TB: { title: 'Thông báo niêm yết công khai danh sách', communeOnly: true, build: postingNotice },
  BC: { title: 'Báo cáo kết quả rà soát (11 biểu)', communeOnly: false, build: reportDocument },
  LK: { title: 'Danh sách hộ nghèo, hộ cận nghèo phục vụ kết nối CSDL quốc gia về dân cư', communeOnly: false, build: (s, ctx) => [populationList(s, ctx)] },
  // The average-living-standard procedure (Quyết định 24/2021, Điều 6): documents/middle-income.ts.
  QTB: { title: 'Quyết định công nhận hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình (kèm danh sách)', communeOnly: true, build: middleIncomeDecision },
  DTB: { title: 'Danh sách hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình', communeOnly: true, build: (s, ctx) => [middleIncomeList(s, ctx, false)] },
  GTB: { title: 'Giấy chứng nhận hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình', communeOnly: true, build: middleIncomeCertificates },
};
