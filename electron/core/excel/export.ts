import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import {
  EDUCATION_LABELS,
  EMPLOYMENT_LABELS,
  NUTRITION_LABELS,
  RELATION_LABELS,
  SCHOOLING_LABELS,
  SEX_LABELS,
  type Member,
} from '../../../shared/domain/household';
import type { Cause } from '../../../shared/domain/causes';
import type { RuleSet } from '../../../shared/engine/ruleset';
import { STATUS_LABELS } from '../../../shared/glossary';
import { answerColumns, answerText, ruleSetForList } from './answers';
import { AppError, diskProblemOf, writeFailure } from '../errors';
import { communeDecisions } from '../documents/queries';
import { getRound } from '../rounds/rounds';
import { decisionReference } from '../../../shared/domain/decision-number';
import { formatDateVi } from '../../../shared/text/format';
import { COLUMN_HEADERS, type ColumnKey } from './columns';
import { communesOf } from './import';
import { birthDateText, causesText } from './values';
import { addSafeRow } from './safe-text';

/** The lists this module exports: DS the household list the import reads back; LK the population-database list. */
export const EXPORT_DOCS = {
  DS: 'Danh sách hộ và nhân khẩu (nhập lại được)',
  LK: 'Danh sách hộ nghèo, hộ cận nghèo phục vụ kết nối cơ sở dữ liệu quốc gia về dân cư',
} as const;
export type ExportDoc = keyof typeof EXPORT_DOCS;

/** The household list's columns, in order: the same the import reads, so an export imports back unchanged. */
export const DS_COLUMNS: ColumnKey[] = [
  'communeCode',
  'householdCode',
  'village',
  'address',
  'area',
  'fullName',
  'relation',
  'birthDate',
  'sex',
  'idNumber',
  'ethnicity',
  'healthInsurance',
  'schooling',
  'education',
  'employment',
  'disability',
  'workingCapacity',
  'nutrition',
  'ethnicMinority',
  'noWorkingCapacity',
  'meritPerson',
  'femaleHead',
  'causes',
  'scoreA',
  'scoreB',
  'status',
];

const LK_HEADERS = [
  'STT',
  'Mã tỉnh',
  'Mã huyện',
  'Mã xã',
  'Thôn/ấp',
  'Mã hộ',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Số định danh',
  'Quan hệ với chủ hộ',
  'Phân loại hộ',
  'Điểm B1',
  'Điểm B2',
  'Số quyết định',
  'Ngày quyết định',
];

const WIDTHS: Partial<Record<ColumnKey, number>> = { fullName: 28, address: 30, village: 18, idNumber: 16, education: 24, employment: 28, causes: 30, status: 16 };

interface Row extends Record<string, unknown> {
  h_id: number;
  code: string;
  commune_id: number;
  commune_code: string;
  district_code: string | null;
  province_code: string | null;
  village: string | null;
  address: string;
  area: 'rural' | 'urban';
  ethnic_minority: number;
  no_working_capacity: number;
  merit_person: number;
  female_head: number;
  /** Causes of poverty, ";"-separated ids, or null. */
  causes: string | null;
  score_a: number | null;
  score_b: number | null;
  /** answers.b2 / answers.screening (JSON), DS only. */
  b2: string | null;
  screening: string | null;
  status: keyof typeof STATUS_LABELS | null;
  full_name: string;
  relation: Member['relation'];
  birth_date: string | null;
  sex: Member['sex'];
  id_number: string | null;
  ethnicity: string;
  health_insurance: number | null;
  schooling: Member['schooling'];
  education: Member['education'];
  employment: Member['employment'];
  disability: number | null;
  working_capacity: number | null;
  nutrition: Member['nutrition'];
}

// Empty cells are left out (null), not written as "": a third fewer cells to write and to read back.
const yesNo = (v: number | null): string | null => (v === null ? null : v ? 'Có' : 'Không');
const mark = (v: number): string | null => (v ? 'x' : null);

/**
 * Rows are produced faster than the zip deflates them, and exceljs's stream buffer ignores the
 * zip's back-pressure: without a pause the whole sheet waits in memory. Waits until the zip's
 * input (a PassThrough inside exceljs) holds less than 4 MB; a plain yield when those internals
 * are not there.
 */
async function drained(ws: unknown, file: FileSink): Promise<void> {
  type State = { length?: number } | undefined;
  const dest = (ws as { _stream?: { pipes?: { _writableState?: State; _readableState?: State }[] } })._stream?.pipes?.[0];
  const buffered = (): number => (dest?._writableState?.length ?? 0) + (dest?._readableState?.length ?? 0);
  if (!dest?._writableState) return new Promise((r) => setImmediate(r));
  // A file that can no longer be written (a full disk) never drains: stop with its error.
  while (buffered() > 4 * 1024 * 1024) {
    file.throwIfFailed();
    await new Promise((r) => setTimeout(r, 2));
  }
  file.throwIfFailed();
}

/**
 * The .part file an export streams into. A write error (a full disk, a folder that became
 * read-only) is kept, so that the row loop and the final commit stop with it instead of waiting
 * for a stream that will never drain.
 */
class FileSink {
  readonly stream: fs.WriteStream;
  private error: unknown = null;
  readonly failed: Promise<never>;
  constructor(readonly file: string) {
    this.stream = fs.createWriteStream(file);
    this.failed = new Promise<never>((_, reject) => {
      this.stream.on('error', (e) => {
        this.error = e;
        reject(e);
      });
    });
    this.failed.catch(() => undefined);
  }
  throwIfFailed(): void {
    if (this.error) throw this.error;
  }
}

export interface ExportOptions {
  roundId: number;
  unitCode: string;
  doc: ExportDoc;
  out: string;
  onProgress?: (done: number, total: number, message: string) => void;
  checkCancelled?: () => void;
  /**
   * The round's rule set: DS carries a column per Phiếu B2 indicator and Phiếu A item of it.
   * When omitted, the rule set's snapshot kept in the database (null: no answer columns).
   */
  ruleSet?: RuleSet | null;
}

/**
 * Writes a list as .xlsx, streaming (one row per person, head first, ID numbers as text), for a
 * commune or every commune under a district/province. Returns the rows written.
 */
export async function exportList(sqlite: BetterSqlite3.Database, o: ExportOptions): Promise<{ file: string; households: number; members: number }> {
  o.checkCancelled?.();
  const round = getRound(sqlite, o.roundId);
  const { communes } = communesOf(sqlite, round, o.unitCode);
  const communeIds = [...communes.values()].map((c) => c.id);
  const answerCols = o.doc === 'DS' ? answerColumns(ruleSetForList(sqlite, round.rule_set_id, o.ruleSet)) : [];
  if (communeIds.length === 0) throw new AppError('NOT_FOUND', `Đơn vị ${o.unitCode} không có xã nào`);
  const onlyPoor = o.doc === 'LK' ? `AND r.status IN ('poor', 'near_poor')` : '';
  // The LK carries, on each household, its own commune's recognition decision.
  const decisions = o.doc === 'LK' ? communeDecisions(sqlite, round.id, communeIds) : new Map<number, never>();
  const where = `h.round_id = ? AND h.commune_id IN (${communeIds.map(() => '?').join(',')}) ${onlyPoor}`;
  const total = (sqlite.prepare(`SELECT COUNT(*) FROM households h LEFT JOIN results r ON r.household_id = h.id WHERE ${where}`).pluck().get(round.id, ...communeIds) as number) || 0;
  const rows = sqlite
    .prepare(
      `SELECT h.id AS h_id, h.code, h.commune_id, c.code AS commune_code, d.code AS district_code, p.code AS province_code, v.name AS village, h.address, h.area,
         h.ethnic_minority, h.no_working_capacity, h.merit_person, h.female_head, a.score_a, r.score_b, r.status,
         ${o.doc === 'DS' ? "(SELECT group_concat(hc.cause, ';') FROM household_causes hc WHERE hc.household_id = h.id)" : 'NULL'} AS causes,
         ${o.doc === 'DS' ? 'a.b2, a.screening' : 'NULL AS b2, NULL AS screening'},
         m.full_name, m.relation, m.birth_date, m.sex, m.id_number, m.ethnicity, m.health_insurance, m.schooling, m.education,
         m.employment, m.disability, m.working_capacity, m.nutrition
       FROM households h
       JOIN units c ON c.id = h.commune_id
       LEFT JOIN units d ON d.id = c.parent_id AND d.level = 'district'
       LEFT JOIN units p ON p.id = COALESCE(d.parent_id, c.parent_id) AND p.level = 'province'
       LEFT JOIN units v ON v.id = h.village_id
       LEFT JOIN answers a ON a.household_id = h.id
       LEFT JOIN results r ON r.household_id = h.id
       JOIN members m ON m.household_id = h.id
       WHERE ${where}
       ORDER BY c.code, h.code, m.seq`,
    )
    .iterate(round.id, ...communeIds) as IterableIterator<Row>;

  fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  const tmp = `${o.out}.part`;
  // No styles: exceljs's per-cell style lookup triples the time of a 250,000-row list. ID numbers
  // are written as string cells, which Excel keeps as text (leading zeros and all).
  const sink = new FileSink(tmp);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink.stream, useStyles: false, useSharedStrings: false });
  wb.creator = 'Rà soát hộ nghèo';
  const ws = wb.addWorksheet(o.doc === 'LK' ? 'LK' : 'Danh sách', { views: [{ state: 'frozen', ySplit: 1 }] });
  const headers = o.doc === 'LK' ? LK_HEADERS : [...DS_COLUMNS.map((k) => COLUMN_HEADERS[k]), ...answerCols.map((a) => a.header)];
  ws.columns = headers.map((h, i) => {
    const key = o.doc === 'DS' ? DS_COLUMNS[i] : undefined;
    return { header: h, width: (key && WIDTHS[key]) ?? (i >= DS_COLUMNS.length ? 16 : Math.max(10, h.length + 2)) };
  });
  ws.getRow(1).commit();

  let households = 0;
  let members = 0;
  let lastId = -1;
  let stt = 0;
  try {
    for (const r of rows) {
      const head = r.h_id !== lastId;
      if (head) {
        lastId = r.h_id;
        households++;
        if (households % 1000 === 0) {
          o.checkCancelled?.();
          o.onProgress?.(households, total, `Đã ghi ${households}/${total} hộ`);
        }
      }
      members++;
      const status = r.status ? STATUS_LABELS[r.status] : '';
      let values: (string | number | null)[];
      if (o.doc === 'LK') {
        const decision = head ? decisions.get(r.commune_id) : undefined;
        values = [
          ++stt,
          r.province_code,
          r.district_code,
          r.commune_code,
          r.village,
          r.code,
          r.full_name,
          birthDateText(r.birth_date),
          SEX_LABELS[r.sex],
          r.id_number,
          RELATION_LABELS[r.relation] ?? r.relation,
          status || null,
          r.score_a,
          r.score_b,
          decision?.number ? decisionReference(decision.number, '') : null,
          decision?.signedOn ? formatDateVi(decision.signedOn) : null,
        ];
      } else {
        const hh = <T>(v: T): T | null => (head && v !== '' ? v : null);
        values = [
          r.commune_code,
          r.code,
          hh(r.village),
          hh(r.address),
          hh(r.area === 'urban' ? 'Thành thị' : 'Nông thôn'),
          r.full_name,
          RELATION_LABELS[r.relation] ?? r.relation,
          birthDateText(r.birth_date),
          SEX_LABELS[r.sex],
          r.id_number,
          r.ethnicity || null,
          yesNo(r.health_insurance),
          r.schooling ? SCHOOLING_LABELS[r.schooling] : null,
          r.education ? EDUCATION_LABELS[r.education] : null,
          r.employment ? EMPLOYMENT_LABELS[r.employment] : null,
          yesNo(r.disability),
          yesNo(r.working_capacity),
          r.nutrition ? NUTRITION_LABELS[r.nutrition] : null,
          hh(mark(r.ethnic_minority)),
          hh(mark(r.no_working_capacity)),
          hh(mark(r.merit_person)),
          hh(mark(r.female_head)),
          head && r.causes ? causesText(r.causes.split(';') as Cause[]) : null,
          head ? r.score_a : null,
          head ? r.score_b : null,
          hh(status),
        ];
        if (answerCols.length > 0) {
          const b2 = head && r.b2 ? (JSON.parse(r.b2) as Record<string, boolean | null>) : {};
          const screening = head && r.screening ? (JSON.parse(r.screening) as Record<string, boolean | null>) : {};
          for (const a of answerCols) values.push(answerText(a, (a.form === 'b2' ? b2 : screening)[a.id]));
        }
      }
      addSafeRow(ws, values).commit();
      if (members % 500 === 0) await drained(ws, sink);
    }
    ws.commit();
    await Promise.race([wb.commit(), sink.failed]);
    fs.renameSync(tmp, o.out);
  } catch (e) {
    sink.stream.destroy();
    fs.rmSync(tmp, { force: true });
    // A full disk or a read-only folder says so in Vietnamese; a cancel or a data error stays as it is.
    throw diskProblemOf(e, path.dirname(path.resolve(o.out))) ? writeFailure(e, 'INTERNAL', o.out, 'Không ghi được tệp Excel') : e;
  }
  o.onProgress?.(total, total, `Đã ghi ${households} hộ, ${members} nhân khẩu`);
  return { file: path.resolve(o.out), households, members };
}
