import { describe, expect, it } from 'vitest';
import { formatDateInput, parseDateInput } from '../../shared/entry/dates';
import { HouseholdFormSchema, type HouseholdForm } from '../../shared/entry/form';
import { checkIdNumber } from '../../shared/entry/identity';
import { parseNumberInput } from '../../shared/entry/numbers';
import { formWarnings } from '../../shared/entry/warnings';
import { RuleSetSchema } from '../../shared/engine/ruleset';
import { registry } from '../helpers';

const rs = registry().require('vn-2022-2026');
const ALL_NO = Object.fromEntries((rs.indicators.value ?? []).map((i) => [i.id, false]));

function form(over: Partial<HouseholdForm> = {}): HouseholdForm {
  return HouseholdFormSchema.parse({
    communeId: 1,
    villageId: 2,
    address: 'Ấp Bình Hưng',
    area: 'rural',
    flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
    members: [
      { seq: 1, fullName: 'Nguyễn Văn Dũng', sex: 'male', birthDate: '1980-05-01', idNumber: '089080000123', relation: 'head', ethnicity: 'Kinh', healthInsurance: true, schooling: 'not_attending', education: 'lower_secondary', employment: 'self_employed', disability: false, workingCapacity: true, nutrition: null },
    ],
    answers: { scoreA: 120, b2: ALL_NO },
    ...over,
  });
}

describe('dates typed as on the paper', () => {
  it('reads 15031985 and 15/03/1985 as the same day, and a bare year for a birth date', () => {
    expect(parseDateInput('15031985')).toEqual({ ok: true, value: '1985-03-15' });
    expect(parseDateInput('15/03/1985')).toEqual({ ok: true, value: '1985-03-15' });
    expect(parseDateInput('5-3-1985')).toEqual({ ok: true, value: '1985-03-05' });
    expect(parseDateInput('1985', { allowYear: true })).toEqual({ ok: true, value: '1985' });
    expect(parseDateInput('')).toEqual({ ok: true, value: null });
    expect(formatDateInput('1985-03-15')).toBe('15/03/1985');
  });
  it('refuses 31/02 with a Vietnamese reason', () => {
    const r = parseDateInput('31021990');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('tháng 2 năm 1990 chỉ có 28 ngày');
    expect(parseDateInput('29/02/2000')).toEqual({ ok: true, value: '2000-02-29' });
    expect(parseDateInput('1985').ok).toBe(false);
    expect(parseDateInput('15/13/1985').ok).toBe(false);
  });
});

describe('numbers typed on the forms', () => {
  it('refuses letters and negative values, accepts a decimal comma', () => {
    expect(parseNumberInput('12a', 'Điểm A')).toMatchObject({ ok: false });
    expect(parseNumberInput('-5', 'Diện tích nhà ở')).toEqual({ ok: false, message: 'Diện tích nhà ở không được âm.' });
    expect(parseNumberInput('24,5', 'Diện tích')).toEqual({ ok: true, value: 24.5 });
    expect(parseNumberInput('3.5', 'Số người', { integer: true }).ok).toBe(false);
  });
  it('the contract refuses 31/02, a negative area and a non-number with messages in Vietnamese', () => {
    const base = form();
    const bad = HouseholdFormSchema.safeParse({
      ...base,
      members: [{ ...base.members[0], birthDate: '1990-02-31' }],
      answers: { ...base.answers, housingAreaM2: -3, scoreA: '12a' },
    });
    expect(bad.success).toBe(false);
    const byPath = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath['members.0.birthDate']).toMatch(/không có thật/u);
    expect(byPath['answers.housingAreaM2']).toBe('Diện tích nhà ở không được âm.');
    expect(byPath['answers.scoreA']).toMatch(/phải là một số/u);
  });
});

describe('ID numbers against sex and birth year (spec/identifiers.md)', () => {
  it('a consistent 12-digit number raises nothing', () => {
    expect(checkIdNumber('089080000123', 'male', '1980-05-01')).toEqual([]);
    expect(checkIdNumber('089315000123', 'female', '2015-01-01')).toEqual([]);
  });
  it('digit 4 of a man says woman; digits 5–6 disagree with the year; century wrong', () => {
    expect(checkIdNumber('089180000123', 'male', '1980-05-01').map((c) => c.code)).toEqual(['ID_SEX']);
    expect(checkIdNumber('089081000123', 'male', '1980-05-01').map((c) => c.code)).toEqual(['ID_YEAR']);
    expect(checkIdNumber('089280000123', 'male', '1980-05-01').map((c) => c.code)).toEqual(['ID_CENTURY']);
  });
  it('an old 9-digit CMND is accepted and flagged as old; other lengths are flagged', () => {
    expect(checkIdNumber('351234567', 'male', '1980')[0]!.code).toBe('ID_OLD_CMND');
    expect(checkIdNumber('08908000012', 'male', null)[0]!.code).toBe('ID_FORMAT');
  });
});

describe('warnings of a form', () => {
  it('a child of 7 not at school while B2 says childSchooling is not deprived', () => {
    const base = form();
    const f = { ...base, members: [...base.members, { ...base.members[0]!, seq: 2, fullName: 'Nguyễn Văn Tí', birthDate: '2016-01-10', idNumber: null, relation: 'child' as const, schooling: 'not_attending' as const }] };
    const w = formWarnings(rs, f, '2023-09-01');
    const child = w.find((x) => x.path === 'answers.b2.childSchooling');
    expect(child?.code).toBe('B2_ROSTER');
    expect(child?.message).toContain('Nguyễn Văn Tí (7 tuổi)');
  });
  it('B1 items whose points sum differs from the paper total', () => {
    const withTable = RuleSetSchema.parse({
      ...rs,
      b1PointTable: {
        status: 'to_verify',
        provenance: { document: 'thử nghiệm' },
        value: {
          regions: [{ id: 'r1', label: 'Vùng 1' }],
          base: { r1: 100 },
          items: [
            { id: 'q1', label: 'Số người', options: [{ id: 'a', label: '1 người', points: { r1: 10 } }, { id: 'b', label: '2 người', points: { r1: 5 } }] },
            { id: 'q2', label: 'Nhà', options: [{ id: 'a', label: 'Kiên cố', points: { r1: 20 } }] },
          ],
        },
      },
    });
    const f = form({ answers: { ...form().answers, scoreA: 140, b1Items: { q1: 'b', q2: 'a' }, b1Region: 'r1' } });
    expect(formWarnings(withTable, f, '2023-09-01')).toEqual([{ code: 'B1_SUM', path: 'answers.scoreA', message: 'Tổng điểm các câu Phiếu B1 là 125, khác điểm A ghi trên phiếu (140).' }]);
    expect(formWarnings(withTable, { ...f, answers: { ...f.answers, scoreA: 125 } }, '2023-09-01')).toEqual([]);
  });
});
