/**
 * Checks of the roster's relations against ages: a child or grandchild older than the head,
 * more than one head, a head under 15, a spouse more than 40 years older or younger than the
 * head. Each is a warning saved with the record (never a refusal), in Vietnamese, naming the
 * members and their ages and saying what to check.
 */
import { describe, expect, it } from 'vitest';
import { HouseholdFormSchema, type HouseholdForm, type MemberForm } from '../../shared/entry/form';
import { formWarnings, rosterWarnings } from '../../shared/entry/warnings';
import { registry } from '../helpers';

const rs = registry().require('vn-2022-2026');
const ALL_NO = Object.fromEntries((rs.indicators.value ?? []).map((i) => [i.id, false]));
const REF = '2023-09-01';

const person = (seq: number, fullName: string, relation: MemberForm['relation'], birthDate: string | null, over: Partial<MemberForm> = {}): MemberForm => ({
  seq,
  fullName,
  sex: 'male',
  birthDate,
  idNumber: null,
  idIssuedOn: null,
  relation,
  ethnicity: 'Kinh',
  healthInsurance: true,
  schooling: null,
  education: 'lower_secondary',
  employment: 'self_employed',
  disability: false,
  workingCapacity: true,
  nutrition: null,
  ...over,
});

/** An ordinary family: head 43, wife 40, children 14 and 9 (attending school), his mother 70, a grandchild 1. */
const FAMILY: MemberForm[] = [
  person(1, 'Nguyễn Văn Dũng', 'head', '1980-05-01'),
  person(2, 'Trần Thị Hường', 'spouse', '1983-02-10', { sex: 'female' }),
  person(3, 'Nguyễn Thị Hoa', 'child', '2009-03-03', { sex: 'female', schooling: 'attending' }),
  person(4, 'Nguyễn Văn Tí', 'child', '2014-07-30', { schooling: 'attending', education: 'primary' }),
  person(5, 'Lê Thị Bảy', 'parent', '1953-01-01', { sex: 'female', employment: 'not_in_labour_force' }),
  person(6, 'Nguyễn Văn Bé', 'grandchild', '2022', { education: null, employment: null }),
];

function form(members: MemberForm[]): HouseholdForm {
  return HouseholdFormSchema.parse({
    communeId: 1,
    villageId: 2,
    address: 'Ấp Bình Hưng',
    area: 'rural',
    flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
    members,
    answers: { scoreA: 120, b2: ALL_NO },
  });
}

const replace = (i: number, over: Partial<MemberForm>): MemberForm[] => FAMILY.map((m, k) => (k === i ? { ...m, ...over } : m));

describe('roster checks', () => {
  it('an ordinary family raises none', () => {
    expect(rosterWarnings(FAMILY, REF)).toEqual([]);
    expect(formWarnings(rs, form(FAMILY), REF).filter((w) => w.code.startsWith('ROSTER_'))).toEqual([]);
  });

  it('a child older than the head: named, with both ages', () => {
    const w = rosterWarnings(replace(2, { birthDate: '1975-03-03' }), REF);
    expect(w).toEqual([
      {
        code: 'ROSTER_CHILD_OLDER',
        path: 'members.2.birthDate',
        message:
          'Nguyễn Thị Hoa (48 tuổi) ghi là con của chủ hộ nhưng lớn tuổi hơn chủ hộ Nguyễn Văn Dũng (43 tuổi): hãy kiểm tra ngày sinh của hai người hoặc quan hệ với chủ hộ.',
      },
    ]);
  });

  it('a grandchild older than the head, born the same year but earlier in it', () => {
    const w = rosterWarnings(replace(5, { birthDate: '1980-01-15' }), REF);
    expect(w.map((x) => [x.code, x.path])).toEqual([['ROSTER_CHILD_OLDER', 'members.5.birthDate']]);
    expect(w[0]!.message).toContain('Nguyễn Văn Bé (43 tuổi) ghi là cháu của chủ hộ');
  });

  it('a child born the same year as the head with only the year known is not flagged (cannot tell)', () => {
    expect(rosterWarnings(replace(2, { birthDate: '1980' }), REF)).toEqual([]);
  });

  it('more than one head: every head named, on the extra heads’ relation', () => {
    const w = rosterWarnings(replace(1, { relation: 'head' }), REF);
    expect(w).toEqual([
      {
        code: 'ROSTER_HEADS',
        path: 'members.1.relation',
        message:
          'Có 2 người ghi là chủ hộ: Nguyễn Văn Dũng, Trần Thị Hường. Mỗi hộ chỉ có một chủ hộ: hãy sửa quan hệ với chủ hộ của những người còn lại (vợ/chồng, con…).',
      },
    ]);
  });

  it('a head under 15', () => {
    const members = [person(1, 'Lê Văn Nhỏ', 'head', '2010-06-01'), person(2, 'Lê Thị Chị', 'sibling', '2005-01-01', { sex: 'female' })];
    expect(rosterWarnings(members, REF)).toEqual([
      {
        code: 'ROSTER_HEAD_AGE',
        path: 'members.0.birthDate',
        message:
          'Chủ hộ Lê Văn Nhỏ mới 13 tuổi (dưới 15 tuổi): hãy kiểm tra ngày sinh, hoặc ghi một người lớn trong hộ làm chủ hộ.',
      },
    ]);
    expect(rosterWarnings([person(1, 'Lê Văn Đủ', 'head', '2008-09-01')], REF)).toEqual([]); // 15 on the reference date
  });

  it('a spouse more than 40 years apart from the head, either way; 40 exactly is not flagged', () => {
    const older = rosterWarnings(replace(1, { birthDate: '1939-01-01' }), REF);
    expect(older).toEqual([
      {
        code: 'ROSTER_SPOUSE_GAP',
        path: 'members.1.birthDate',
        message:
          'Trần Thị Hường (84 tuổi, vợ/chồng) và chủ hộ Nguyễn Văn Dũng (43 tuổi) chênh nhau 41 tuổi, hơn 40 tuổi: hãy kiểm tra ngày sinh của hai người hoặc quan hệ với chủ hộ.',
      },
    ]);
    const younger = rosterWarnings([person(1, 'Ông Già', 'head', '1940-01-01'), person(2, 'Bà Trẻ', 'spouse', '1999-01-01', { sex: 'female' })], REF);
    expect(younger.map((x) => x.code)).toEqual(['ROSTER_SPOUSE_GAP']);
    expect(younger[0]!.message).toContain('chênh nhau 59 tuổi');
    expect(rosterWarnings(replace(1, { birthDate: '1940-05-01' }), REF)).toEqual([]);
  });

  it('members without a birth date are not compared', () => {
    expect(rosterWarnings(FAMILY.map((m) => (m.relation === 'head' ? { ...m, birthDate: null } : m)), REF)).toEqual([]);
  });

  it('formWarnings includes them (the save stores what formWarnings returns)', () => {
    const w = formWarnings(rs, form(replace(2, { birthDate: '1975-03-03' })), REF);
    expect(w.map((x) => x.code)).toContain('ROSTER_CHILD_OLDER');
  });
});
