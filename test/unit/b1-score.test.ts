/**
 * One statement of the Phiếu B1 score (scoreB1, shared/engine/b1.ts): the entry's sum (b1Sum,
 * which the save turns into score A when no paper total is written) is that score, so an item not
 * answered, an answer not in the table, an answer with no points in the household's region, or a
 * region not in the table never counts as 0: the sum is unknown (null) and a warning names what
 * is missing and how to complete it.
 */
import { describe, expect, it } from 'vitest';
import { scoreB1 } from '../../shared/engine/b1';
import { RuleSetSchema, type RuleSet } from '../../shared/engine/ruleset';
import { HouseholdFormSchema, type HouseholdForm } from '../../shared/entry/form';
import { b1Sum, formWarnings } from '../../shared/entry/warnings';
import { registry } from '../helpers';

const national = registry().require('vn-2022-2026');
const ALL_NO = Object.fromEntries((national.indicators.value ?? []).map((i) => [i.id, false]));

/** A made-up table (not a province's): base 100 / 120; q3's second answer has no urban points. */
const rs: RuleSet = RuleSetSchema.parse({
  ...national,
  b1PointTable: {
    status: 'to_verify',
    provenance: { document: 'bảng điểm giả lập để kiểm thử' },
    value: {
      regions: [
        { id: 'r', label: 'Nông thôn' },
        { id: 'u', label: 'Thành thị' },
      ],
      base: { r: 100, u: 120 },
      items: [
        { id: 'q1', label: 'Số nhân khẩu', options: [{ id: '1', label: '1–2 người', points: { r: 30, u: 25 } }, { id: '2', label: '3 người trở lên', points: { r: 0, u: 0 } }] },
        { id: 'q2', label: 'Loại nhà ở', options: [{ id: '1', label: 'Kiên cố', points: { r: 40, u: 45 } }, { id: '2', label: 'Nhà tạm', points: { r: -10, u: -15 } }] },
        { id: 'q3', label: 'Xe máy', options: [{ id: '1', label: 'Có', points: { r: 25, u: 15 } }, { id: '2', label: 'Không', points: { r: 0 } }] },
      ],
    },
  },
});
const table = rs.b1PointTable.value!;

function form(b1Items: Record<string, string> | null, b1Region: string | null, scoreA: number | null = null): HouseholdForm {
  return HouseholdFormSchema.parse({
    communeId: 1,
    villageId: 2,
    address: 'Ấp Bình Hưng',
    area: 'rural',
    flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
    members: [{ seq: 1, fullName: 'Nguyễn Văn Dũng', sex: 'male', birthDate: '1980-05-01', idNumber: null, relation: 'head', ethnicity: 'Kinh', healthInsurance: true, schooling: null, education: 'lower_secondary', employment: 'self_employed', disability: false, workingCapacity: true, nutrition: null }],
    answers: { scoreA, b1Items, b1Region, b2: ALL_NO },
  });
}
const b1Warnings = (f: HouseholdForm) => formWarnings(rs, f, '2023-09-01').filter((w) => w.code.startsWith('B1_'));

describe('b1Sum is scoreB1', () => {
  it('a complete answer sheet: base plus the chosen points of the region', () => {
    const answers = { q1: '1', q2: '2', q3: '1' };
    expect(b1Sum(rs, answers, 'r')).toBe(100 + 30 - 10 + 25);
    expect(b1Sum(rs, answers, 'u')).toBe(120 + 25 - 15 + 15);
    expect(b1Sum(rs, answers, 'r')).toBe(scoreB1(table, 'r', answers).scoreA);
    expect(b1Warnings(form(answers, 'r'))).toEqual([]);
  });

  it('an answer with no points in the household’s region is not counted as 0', () => {
    expect(b1Sum(rs, { q1: '1', q2: '1', q3: '2' }, 'r')).toBe(170); // rural column has the points
    expect(b1Sum(rs, { q1: '1', q2: '1', q3: '2' }, 'u')).toBeNull();
  });

  it('a region not in the table is not a table of zeros', () => {
    expect(b1Sum(rs, { q1: '1', q2: '1', q3: '1' }, 'mountain')).toBeNull();
  });

  it('an item not answered, or answered "", leaves the sum unknown', () => {
    expect(b1Sum(rs, { q1: '1', q2: '1' }, 'r')).toBeNull();
    expect(b1Sum(rs, { q1: '1', q2: '1', q3: '' }, 'r')).toBeNull();
    expect(b1Sum(rs, { q1: '1', q2: '9', q3: '1' }, 'r')).toBeNull();
  });

  it('without a table, items or region there is no sum', () => {
    expect(b1Sum(national, { q1: '1' }, 'r')).toBeNull();
    expect(b1Sum(rs, null, 'r')).toBeNull();
    expect(b1Sum(rs, { q1: '1', q2: '1', q3: '1' }, null)).toBeNull();
  });
});

describe('the warning of an incomplete Phiếu B1', () => {
  it('names the items not answered, and says score A is not computed', () => {
    expect(b1Warnings(form({ q1: '1' }, 'r'))).toEqual([
      {
        code: 'B1_INCOMPLETE',
        path: 'answers.scoreA',
        message:
          'Phiếu B1 chưa đủ để tính điểm A: chưa ghi câu «Loại nhà ở», «Xe máy». Điểm A chưa tính: hãy ghi đủ các câu, hoặc ghi tổng điểm A trên phiếu.',
      },
    ]);
  });

  it('names an answer not in the table and an answer with no points in the region', () => {
    const [w] = b1Warnings(form({ q1: '7', q2: '1', q3: '2' }, 'u'));
    expect(w).toEqual({
      code: 'B1_INCOMPLETE',
      path: 'answers.scoreA',
      message:
        'Phiếu B1 chưa đủ để tính điểm A: câu «Số nhân khẩu» ghi "7", không có trong bảng điểm; câu «Xe máy» ghi "2", bảng điểm không có điểm cho vùng «Thành thị». Điểm A chưa tính: hãy ghi đủ các câu, hoặc ghi tổng điểm A trên phiếu.',
    });
  });

  it('a region missing or not in the table, with items keyed', () => {
    const missing = b1Warnings(form({ q1: '1', q2: '1', q3: '1' }, null));
    expect(missing).toEqual([
      {
        code: 'B1_INCOMPLETE',
        path: 'answers.b1Region',
        message:
          'Phiếu B1 chưa đủ để tính điểm A: chưa ghi vùng của bảng điểm (r: Nông thôn; u: Thành thị). Điểm A chưa tính: hãy ghi đủ các câu, hoặc ghi tổng điểm A trên phiếu.',
      },
    ]);
    expect(b1Warnings(form({ q1: '1', q2: '1', q3: '1' }, 'mountain'))[0]!.message).toContain('vùng "mountain" không có trong bảng điểm (r: Nông thôn; u: Thành thị)');
  });

  it('with a total written on the paper, the total stands and the warning says so', () => {
    expect(b1Warnings(form({ q1: '1' }, 'r', 150))[0]!.message).toMatch(/Điểm A ghi trên phiếu \(150\) được giữ; chưa so được với tổng các câu\.$/u);
  });

  it('nothing keyed on Phiếu B1 raises nothing (the paper total alone is allowed)', () => {
    expect(b1Warnings(form({}, null, 150))).toEqual([]);
    expect(b1Warnings(form(null, null, 150))).toEqual([]);
    expect(b1Warnings(form({}, 'r', 150))).toEqual([]);
  });

  it('the sum still checks the paper total once complete', () => {
    expect(b1Warnings(form({ q1: '1', q2: '1', q3: '1' }, 'r', 150)).map((w) => w.code)).toEqual(['B1_SUM']);
  });
});
