import { describe, expect, it } from 'vitest';
import type { EntryLayout } from '../../shared/api/entry';
import { HouseholdFormSchema } from '../../shared/entry/form';
import { parseRaw, toRaw } from '../../shared/entry/raw';

const layout = {
  b2: ['employment', 'water'].map((id, i) => ({ id, number: i + 1, label: id, dimension: 'x', derivable: false })),
  screening: null,
  b1: null,
} as unknown as EntryLayout;

describe('a form as typed (codes, dates) and back', () => {
  it('reads codes as printed on the form and dates as keyed, and gives the same text back', () => {
    const raw = {
      rows: 3,
      fields: {
        'request.kind': '1', 'request.receivedOn': '05092023', address: 'Ấp Bình Hưng', area: '2',
        'flags.ethnicMinority': '1', 'm.0.fullName': 'Võ Văn Hùng', 'm.0.sex': '1', 'm.0.birthDate': '02/04/1975', 'm.0.relation': '1',
        'm.1.fullName': 'Lâm Thị Mai', 'm.1.sex': '2', 'm.1.birthDate': '1978', 'm.1.relation': '2', 'm.1.healthInsurance': '2',
        'a.scoreA': '128,5', 'a.b2.employment': '2', 'a.b2.water': '1',
      },
    };
    const { form, errors } = parseRaw(raw, layout, { communeId: 1, villageId: 2 });
    expect(errors).toEqual({});
    const parsed = HouseholdFormSchema.parse(form);
    expect(parsed.area).toBe('urban');
    expect(parsed.flags.ethnicMinority).toBe(true);
    expect(parsed.request).toEqual({ kind: 'mau01', receivedOn: '2023-09-05', reason: '', idIssuedBy: '' });
    expect(parsed.members.map((m) => [m.fullName, m.sex, m.birthDate, m.relation, m.healthInsurance])).toEqual([
      ['Võ Văn Hùng', 'male', '1975-04-02', 'head', null],
      ['Lâm Thị Mai', 'female', '1978', 'spouse', false],
    ]);
    expect(parsed.answers).toMatchObject({ scoreA: 128.5, b2: { employment: false, water: true } });
    const back = toRaw(parsed).fields;
    expect([back['m.0.birthDate'], back['request.receivedOn'], back['m.1.sex'], back['a.scoreA'], back['a.b2.water']]).toEqual(['02/04/1975', '05/09/2023', '2', '128,5', '1']);
  });

  it('keeps a wrong code or date as typed and explains it, field by field', () => {
    const { errors } = parseRaw({ rows: 1, fields: { 'm.0.fullName': 'A', 'm.0.sex': '3', 'm.0.birthDate': '31/02/1990', 'a.scoreA': '12a' } }, layout, { communeId: 1, villageId: null });
    expect(errors).toEqual({
      'm.0.sex': 'Giới tính: gõ 1: Nam; 2: Nữ.',
      'm.0.birthDate': 'Ngày 31/2/1990 không có: tháng 2 năm 1990 chỉ có 28 ngày.',
      'a.scoreA': 'Điểm A (tổng điểm Phiếu B1) chỉ gồm chữ số (dấu phẩy cho phần thập phân); "12a" có ký tự không phải số.',
    });
  });
});

describe('causes of poverty as tick boxes', () => {
  it('a ticked box is "1" in the typed form (and its draft), read as the cause; none ticked is none', () => {
    const fields = { 'm.0.fullName': 'A', 'm.0.sex': '1', 'causes.illness': '1', 'causes.land': '1', 'causes.capital': '' };
    const parsed = HouseholdFormSchema.parse(parseRaw({ rows: 1, fields }, layout, { communeId: 1, villageId: null }).form);
    expect(parsed.causes).toEqual(['land', 'illness']);
    const back = toRaw(parsed).fields;
    expect(Object.entries(back).filter(([k]) => k.startsWith('causes.'))).toEqual([['causes.land', '1'], ['causes.illness', '1']]);
    const none = HouseholdFormSchema.parse(parseRaw({ rows: 1, fields: { 'm.0.fullName': 'A', 'm.0.sex': '1' } }, layout, { communeId: 1, villageId: null }).form);
    expect(none.causes).toEqual([]);
  });
});

describe('Phiếu A when the rule set has its items', () => {
  it('reads 1/2 answers per item', () => {
    const withA = { ...layout, screening: { groups: [{ id: 'g', label: 'Nhóm', excludeAtLeast: 1 }], items: [{ id: 'car', group: 'g', label: 'Có ô tô' }, { id: 'house', group: 'g', label: 'Nhà kiên cố' }] } } as EntryLayout;
    const { form, errors } = parseRaw({ rows: 1, fields: { 'm.0.fullName': 'A', 'm.0.sex': '1', 'a.screening.car': '2', 'a.screening.house': '3' } }, withA, { communeId: 1, villageId: null });
    expect(form.answers.screening).toEqual({ car: false, house: null });
    expect(errors).toEqual({ 'a.screening.house': 'Nhà kiên cố: gõ 1: Có; 2: Không.' });
  });
});
