import { CAUSE_LABELS, type Cause } from '../../../shared/domain/causes';
import type { Member } from '../../../shared/domain/household';
import { TEXT_LIMITS, tooLong } from '../../../shared/entry/form';
import { fold } from '../../../shared/text/fold';
import type { ColumnKey } from './columns';
import { parseAnswer } from './answers';
import { answerColumnLabel, columnLabel, type Problem, type SheetLayout, type SheetRow } from './read';
import {
  cellText,
  own,
  parseArea,
  parseBirthDate,
  parseCauses,
  parseDate,
  parseEducation,
  parseEmployment,
  parseFlag,
  parseIdNumber,
  parseNumber,
  parseNutrition,
  parseRelation,
  parseSchooling,
  parseSex,
  type Cell,
  type CellFault,
  type Parsed,
} from './values';

/** A member as read from a row; undefined = the column is absent from the sheet (keep what is stored). */
export interface ImportedMember {
  row: number;
  fullName: string;
  sex: Member['sex'];
  /** undefined: no such column, or its cell could not be read (an Excel error): what is stored is kept. */
  birthDate: string | null | undefined;
  idNumber: string | null | undefined;
  relation: Member['relation'];
  ethnicity: string | undefined;
  healthInsurance: boolean | null | undefined;
  schooling: Member['schooling'] | undefined;
  education: Member['education'] | undefined;
  employment: Member['employment'] | undefined;
  disability: boolean | null | undefined;
  workingCapacity: boolean | null | undefined;
  nutrition: Member['nutrition'] | undefined;
}

export interface ImportedHousehold {
  sheet: string;
  rows: number[];
  /** "Mã hộ" as written, or null. */
  code: string | null;
  /** "STT hộ" as written, or null. */
  no: string | null;
  communeCode: string | undefined;
  village: string | undefined;
  address: string | undefined;
  area: 'rural' | 'urban' | undefined;
  flags: { ethnicMinority?: boolean; noWorkingCapacity?: boolean; meritPerson?: boolean; femaleHead?: boolean };
  scoreA: number | null | undefined;
  /**
   * Phiếu B2 and Phiếu A answers by indicator/item id (null: not answered), from the head's row
   * (a later row of the household fills what it left empty); a form is absent when the sheet has
   * none of its columns, an id when the sheet lacks its column (what is stored is kept then).
   */
  answers: { b2?: Record<string, boolean | null>; screening?: Record<string, boolean | null> };
  /** Causes of poverty (an empty list: none); undefined when the sheet has no such column. */
  causes: readonly Cause[] | undefined;
  members: ImportedMember[];
  /** Columns the sheet has (what it is authoritative about). */
  present: Set<ColumnKey>;
  layout: SheetLayout;
  hasError: boolean;
  /** Household columns and answer keys with a cell that could not be read (an Excel error): what is stored is kept. */
  faulted?: Set<string>;
}

/**
 * The entry form's limits (shared/entry/form.ts: stated once) for the text columns an import
 * fills; the codes and the household number take the household code's.
 */
const LIMITS: Partial<Record<ColumnKey, { max: number; label: string }>> = {
  householdCode: TEXT_LIMITS.code,
  householdNo: { max: TEXT_LIMITS.code.max, label: 'STT hộ' },
  communeCode: { max: TEXT_LIMITS.code.max, label: 'Mã xã' },
  fullName: TEXT_LIMITS.fullName,
  headName: { max: TEXT_LIMITS.fullName.max, label: 'Họ và tên chủ hộ' },
  idNumber: TEXT_LIMITS.idNumber,
  ethnicity: TEXT_LIMITS.ethnicity,
  address: TEXT_LIMITS.address,
  village: TEXT_LIMITS.village,
};

/** Columns without which a row cannot be read (who the person is, which household): an unreadable cell there is an error. */
const NEEDED: ReadonlySet<ColumnKey> = new Set<ColumnKey>(['householdCode', 'householdNo', 'fullName', 'sex', 'relation']);

/** A value shown in a message, shortened. */
const shown = (text: string): string => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

/**
 * Groups rows into households: a row whose household number (or code) is empty, or the same as
 * the row above, belongs to the household above. Values are parsed; problems are collected.
 */
export class HouseholdAssembler {
  readonly problems: Problem[] = [];
  readonly errorRows = new Map<string, Set<number>>();
  private current: ImportedHousehold | null = null;
  private currentKey: string | null = null;
  private layout: SheetLayout | null = null;
  private readonly presentOf = new Map<SheetLayout, Set<ColumnKey>>();

  constructor(private readonly onHousehold: (h: ImportedHousehold) => void) {}

  private problem(level: Problem['level'], row: SheetRow | { sheet: string; row: number } | null, key: ColumnKey | { label: string } | null, message: string, h?: ImportedHousehold): void {
    const sheet = row?.sheet ?? h?.sheet ?? '';
    const column = key === null ? null : typeof key === 'object' ? key.label : this.layout ? columnLabel(this.layout, key) : null;
    this.problems.push({ level, sheet, row: row?.row ?? null, column, message });
    if (level === 'error') {
      if (h) h.hasError = true;
      const rows = h ? h.rows : row ? [row.row] : [];
      let set = this.errorRows.get(sheet);
      if (!set) this.errorRows.set(sheet, (set = new Set()));
      for (const r of rows) set.add(r);
      if (row) set.add(row.row);
    }
  }

  /**
   * A cell that is not empty but gives no value (an Excel error, a formula never computed): a
   * problem at its row and column. In a column the row cannot do without it is an error; else a
   * warning, and the value is left out (undefined): what is stored is kept, a new record has none.
   */
  private fault(r: SheetRow, key: ColumnKey, h: ImportedHousehold, needed = NEEDED.has(key)): CellFault | undefined {
    const f = r.faults?.[key];
    if (!f) return undefined;
    if (needed) this.problem('error', r, key, `${f.what}: không đọc được nên không nhập được dòng này; ${f.fix}.`, h);
    else this.keptBack(r, key, f, key, h);
    return f;
  }

  /** An unreadable cell whose stored value is kept: a warning, and the household remembers it (flush). */
  private keptBack(r: SheetRow, at: ColumnKey | { label: string }, f: CellFault, faultKey: string, h: ImportedHousehold): void {
    this.problem('warning', r, at, `${f.what}: không đọc được nên giữ giá trị đã lưu (hộ hoặc người mới: để trống); muốn đổi thì ${f.fix}.`, h);
    (h.faulted ??= new Set()).add(faultKey);
  }

  /** The text of a cell within its limit (shared/entry/form.ts); a longer one is an error, and is cut in what follows (the import is refused). */
  private limited(r: SheetRow, key: ColumnKey, text: string, h: ImportedHousehold): string {
    const limit = LIMITS[key];
    if (!limit || text.length <= limit.max) return text;
    this.problem('error', r, key, `${tooLong(limit)} (ô có ${text.length.toLocaleString('vi-VN')} ký tự): sửa lại ô rồi nhập lại.`, h);
    return `${text.slice(0, limit.max)}…`;
  }

  private get<T>(r: SheetRow, key: ColumnKey, parse: (v: Cell) => Parsed<T>, h: ImportedHousehold): T | null | undefined {
    if (!this.layout?.columns[key]) return undefined;
    if (this.fault(r, key, h)) return undefined;
    const p = parse(r.cells[key] ?? null);
    if (!p.ok) {
      this.problem('error', r, key, p.error, h);
      return null;
    }
    if (p.warning) this.problem('warning', r, key, p.warning, h);
    return p.value as T | null;
  }

  add(r: SheetRow, layout: SheetLayout): void {
    if (this.layout !== layout) {
      this.flush();
      this.layout = layout;
    }
    const c = r.cells;
    const codeText = c.householdCode !== undefined ? own(cellText(c.householdCode ?? null)) : '';
    const noText = c.householdNo !== undefined ? own(cellText(c.householdNo ?? null)) : '';
    const key = codeText || noText ? `${codeText}|${noText}` : null;
    const continues = this.current !== null && (key === null || key === this.currentKey);
    if (!continues) {
      this.flush();
      let present = this.presentOf.get(layout);
      if (!present) this.presentOf.set(layout, (present = new Set(Object.keys(layout.columns) as ColumnKey[])));
      this.current = {
        sheet: r.sheet,
        rows: [],
        code: codeText || null,
        no: noText || null,
        communeCode: undefined,
        village: undefined,
        address: undefined,
        area: undefined,
        flags: {},
        scoreA: undefined,
        answers: {},
        causes: undefined,
        members: [],
        present,
        layout,
        hasError: false,
      };
      this.currentKey = key;
      if (key === null && (layout.columns.householdCode || layout.columns.householdNo)) {
        this.problem('warning', r, layout.columns.householdCode ? 'householdCode' : 'householdNo', 'Dòng đầu tiên không có số/mã hộ: coi là một hộ mới', this.current);
      }
    }
    const h = this.current!;
    h.rows.push(r.row);
    const firstRow = h.members.length === 0;
    // Zero-width characters and bidi controls were removed from these cells (shared/text/normalize.ts): said, with the text as read.
    for (const k of r.stripped ?? []) {
      const v = c[k];
      this.problem('warning', r, k, `Đã bỏ ký tự vô hình (ký tự không có độ rộng hoặc ký tự đổi chiều chữ) trong ô, đọc là "${v === undefined || v === null ? '' : shown(cellText(v))}": kiểm tra lại ô nếu cần`, h);
    }
    // The household's code and number: an unreadable cell (read as empty, its row would join the
    // household above) or a text over its limit (said once a household) is an error.
    if (layout.columns.householdCode) this.fault(r, 'householdCode', h);
    if (layout.columns.householdNo) this.fault(r, 'householdNo', h);
    if (!continues) {
      if (codeText) h.code = this.limited(r, 'householdCode', codeText, h);
      if (noText) h.no = this.limited(r, 'householdNo', noText, h);
    }
    // Household-level cells: the first non-empty value wins; a different value further down is a problem.
    const hhText = (k: 'communeCode' | 'village' | 'address'): void => {
      if (!layout.columns[k] || this.fault(r, k, h)) return;
      const v = c[k] === undefined ? '' : own(this.limited(r, k, cellText(c[k] ?? null), h));
      if (h[k] === undefined || h[k] === '') h[k] = v;
      else if (v && fold(v) !== fold(h[k])) this.problem('warning', r, k, `Khác với dòng chủ hộ ("${h[k]}"): lấy theo dòng chủ hộ`, h);
    };
    hhText('communeCode');
    hhText('village');
    hhText('address');
    const area = this.get(r, 'area', parseArea, h);
    if (area) h.area ??= area;
    const score = this.get(r, 'scoreA', parseNumber, h);
    if (score !== undefined && (firstRow || h.scoreA === null || h.scoreA === undefined)) h.scoreA = score;
    for (const f of ['ethnicMinority', 'noWorkingCapacity', 'meritPerson', 'femaleHead'] as const) {
      const v = this.get(r, f, parseFlag, h);
      if (v !== undefined && (firstRow || v === true)) h.flags[f] = v ?? h.flags[f] ?? false;
    }
    // Causes belong to the household: the first row that names some gives them; a different list further down is a problem.
    const causes = this.get(r, 'causes', parseCauses, h);
    if (causes !== undefined) {
      if (!h.causes?.length) h.causes = causes ?? [];
      else if (causes?.length && causes.join(';') !== h.causes.join(';')) {
        this.problem('warning', r, 'causes', `Khác với dòng trên của hộ ("${h.causes.map((c) => CAUSE_LABELS[c]).join('; ')}"): lấy theo dòng trên`, h);
      }
    }
    // Phiếu B2 and Phiếu A belong to the household, like its causes.
    for (const a of layout.answers) {
      const at = { label: answerColumnLabel(layout, a) };
      const f = r.answerFaults?.[a.column.key];
      if (f) {
        this.keptBack(r, at, f, `${a.column.form}.${a.column.id}`, h);
        continue;
      }
      const p = parseAnswer(a.column, r.answers[a.column.key] ?? null);
      if (!p.ok) {
        this.problem('error', r, at, p.error, h);
        continue;
      }
      const answers = (h.answers[a.column.form] ??= {});
      const before = answers[a.column.id];
      if (before === undefined || before === null) answers[a.column.id] = p.value;
      else if (p.value !== null && p.value !== before) {
        this.problem('warning', r, at, `${a.column.name}: khác với dòng trên của hộ: lấy theo dòng trên`, h);
      }
    }
    this.get(r, 'scoreB', parseNumber, h);
    if (layout.columns.decisionDate) this.get(r, 'decisionDate', parseDate, h);

    // The member.
    const nameCell = layout.columns.fullName ? c.fullName : c.headName;
    const nameKey: ColumnKey = layout.columns.fullName ? 'fullName' : 'headName';
    if (this.fault(r, nameKey, h, true)) return;
    const fullName = nameCell === undefined || nameCell === null ? '' : own(this.limited(r, nameKey, cellText(nameCell), h));
    if (!fullName) {
      this.problem('error', r, nameKey, 'Thiếu họ và tên', h);
      return;
    }
    if (/\d/u.test(fullName)) this.problem('warning', r, nameKey, `Họ tên có chữ số: "${fullName}"`, h);
    const sex = this.get(r, 'sex', parseSex, h);
    if (sex === undefined && !layout.columns.sex) this.problem('error', r, 'sex', 'Tệp không có cột Giới tính', h);
    else if (sex === null && (c.sex ?? null) === null) this.problem('error', r, 'sex', 'Thiếu giới tính (ghi Nam hoặc Nữ)', h);
    let relation = this.get(r, 'relation', parseRelation, h);
    if (relation === undefined || relation === null) {
      // No relation column (or an empty cell): the first person is the head.
      relation = firstRow ? 'head' : 'other';
      if (layout.columns.relation && !r.faults?.relation) this.problem(firstRow ? 'warning' : 'error', r, 'relation', firstRow ? 'Thiếu quan hệ với chủ hộ: người đầu tiên của hộ được coi là chủ hộ' : 'Thiếu quan hệ với chủ hộ', h);
    }
    // undefined (no such column, an unreadable cell): what is stored is kept.
    const birthDate = this.get(r, 'birthDate', parseBirthDate, h);
    const idText = c.idNumber === undefined || c.idNumber === null ? '' : cellText(c.idNumber);
    const idNumber = idText.length > TEXT_LIMITS.idNumber.max ? (this.limited(r, 'idNumber', idText, h), undefined) : this.get(r, 'idNumber', parseIdNumber, h);
    let ethnicity: string | undefined;
    if (layout.columns.ethnicity && !this.fault(r, 'ethnicity', h)) ethnicity = c.ethnicity === undefined ? '' : own(this.limited(r, 'ethnicity', cellText(c.ethnicity ?? null), h));
    h.members.push({
      row: r.row,
      fullName,
      sex: sex ?? 'male',
      birthDate,
      idNumber,
      relation,
      ethnicity,
      healthInsurance: this.get(r, 'healthInsurance', parseFlag, h),
      schooling: this.get(r, 'schooling', parseSchooling, h),
      education: this.get(r, 'education', parseEducation, h),
      employment: this.get(r, 'employment', parseEmployment, h),
      disability: this.get(r, 'disability', parseFlag, h),
      workingCapacity: this.get(r, 'workingCapacity', parseFlag, h),
      nutrition: this.get(r, 'nutrition', parseNutrition, h),
    });
    if (layout.columns.fullName && layout.columns.headName && relation === 'head' && !this.fault(r, 'headName', h, false) && c.headName != null) {
      const head = cellText(c.headName);
      if (fold(head) !== fold(fullName)) this.problem('warning', r, 'headName', `Tên chủ hộ "${head}" khác họ tên trên dòng chủ hộ "${fullName}"`, h);
    }
  }

  /** Checks a finished household and hands it on. */
  flush(): void {
    const h = this.current;
    this.current = null;
    this.currentKey = null;
    if (h) keepStored(h);
    if (!h || h.members.length === 0) {
      if (h) this.onHousehold(h);
      return;
    }
    const heads = h.members.filter((m) => m.relation === 'head');
    const where = { sheet: h.sheet, row: h.rows[0]! };
    if (heads.length === 0) this.problem('error', where, 'relation', 'Hộ không có chủ hộ (ghi "Chủ hộ" ở cột Quan hệ với chủ hộ)', h);
    else if (heads.length > 1) this.problem('error', { sheet: h.sheet, row: heads[1]!.row }, 'relation', 'Hộ có hơn một chủ hộ', h);
    else if (h.members[0]!.relation !== 'head') {
      // Head first, the rest in sheet order.
      h.members.sort((a, b) => (a.relation === 'head' ? -1 : b.relation === 'head' ? 1 : 0));
    }
    const seen = new Map<string, number>();
    for (const m of h.members) {
      if (!m.idNumber) continue;
      const prev = seen.get(m.idNumber);
      if (prev !== undefined) this.problem('error', { sheet: h.sheet, row: m.row }, 'idNumber', `Số định danh ${m.idNumber} trùng với dòng ${prev}`, h);
      else seen.set(m.idNumber, m.row);
    }
    this.onHousehold(h);
  }

  /** A problem of a row that is no household's (what lies under a sheet's table). */
  rowProblem(level: Problem['level'], sheet: string, row: number, message: string): void {
    this.problem(level, { sheet, row }, null, message);
  }

  /** A problem found later (matching against the database, duplicates across households). */
  householdProblem(h: ImportedHousehold, level: Problem['level'], row: number, key: ColumnKey | null, message: string): void {
    const saved = this.layout;
    this.layout = h.layout;
    this.problem(level, { sheet: h.sheet, row }, key, message, h);
    this.layout = saved;
  }
}

/**
 * A household value whose cell could not be read (an Excel error) and that no other row of the
 * household gives: left out, so that what is stored is kept (an empty cell further down must not
 * clear it).
 */
function keepStored(h: ImportedHousehold): void {
  const f = h.faulted;
  if (!f) return;
  if (f.has('causes') && !h.causes?.length) h.causes = undefined;
  if (f.has('scoreA') && (h.scoreA === null || h.scoreA === undefined)) h.scoreA = undefined;
  for (const k of ['communeCode', 'village', 'address'] as const) {
    if (!f.has(k) || h[k]) continue;
    h[k] = undefined;
    if (h.present.has(k)) {
      h.present = new Set(h.present);
      h.present.delete(k);
    }
  }
  for (const form of ['b2', 'screening'] as const) {
    const answers = h.answers[form];
    if (!answers) continue;
    for (const id of Object.keys(answers)) if (answers[id] === null && f.has(`${form}.${id}`)) delete answers[id];
  }
}
