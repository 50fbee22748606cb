import { CAUSE_LABELS, type Cause } from '../../../shared/domain/causes';
import type { Member } from '../../../shared/domain/household';
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
  type Parsed,
} from './values';

/** A member as read from a row; undefined = the column is absent from the sheet (keep what is stored). */
export interface ImportedMember {
  row: number;
  fullName: string;
  sex: Member['sex'];
  birthDate: string | null;
  idNumber: string | null;
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
}

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

  private get<T>(r: SheetRow, key: ColumnKey, parse: (v: Cell) => Parsed<T>, h: ImportedHousehold): T | null | undefined {
    if (!this.layout?.columns[key]) return undefined;
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
    // Household-level cells: the first non-empty value wins; a different value further down is a problem.
    const hhText = (k: 'communeCode' | 'village' | 'address'): void => {
      if (!layout.columns[k]) return;
      const v = c[k] === undefined ? '' : own(cellText(c[k] ?? null));
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
      const p = parseAnswer(a.column, r.answers[a.column.key] ?? null);
      const at = { label: answerColumnLabel(layout, a) };
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
    const fullName = nameCell === undefined || nameCell === null ? '' : own(cellText(nameCell));
    if (!fullName) {
      this.problem('error', r, nameKey, 'Thiếu họ và tên', h);
      return;
    }
    if (/\d/u.test(fullName)) this.problem('warning', r, nameKey, `Họ tên có chữ số: "${fullName}"`, h);
    const sex = this.get(r, 'sex', parseSex, h);
    if (sex === undefined) this.problem('error', r, 'sex', 'Tệp không có cột Giới tính', h);
    else if (sex === null && (c.sex ?? null) === null) this.problem('error', r, 'sex', 'Thiếu giới tính (ghi Nam hoặc Nữ)', h);
    let relation = this.get(r, 'relation', parseRelation, h);
    if (relation === undefined || relation === null) {
      // No relation column (or an empty cell): the first person is the head.
      relation = firstRow ? 'head' : 'other';
      if (layout.columns.relation) this.problem(firstRow ? 'warning' : 'error', r, 'relation', firstRow ? 'Thiếu quan hệ với chủ hộ: người đầu tiên của hộ được coi là chủ hộ' : 'Thiếu quan hệ với chủ hộ', h);
    }
    const birthDate = this.get(r, 'birthDate', parseBirthDate, h) ?? null;
    const idNumber = this.get(r, 'idNumber', parseIdNumber, h) ?? null;
    const ethnicity = layout.columns.ethnicity ? (c.ethnicity === undefined ? '' : own(cellText(c.ethnicity ?? null))) : undefined;
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
    if (layout.columns.fullName && layout.columns.headName && relation === 'head' && c.headName != null) {
      const head = cellText(c.headName);
      if (fold(head) !== fold(fullName)) this.problem('warning', r, 'headName', `Tên chủ hộ "${head}" khác họ tên trên dòng chủ hộ "${fullName}"`, h);
    }
  }

  /** Checks a finished household and hands it on. */
  flush(): void {
    const h = this.current;
    this.current = null;
    this.currentKey = null;
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
