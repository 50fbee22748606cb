import { describe, expect, it } from 'vitest';
import { columnOf } from '../../electron/core/excel/columns';
import { columnLetter } from '../../electron/core/excel/read';
import {
  parseArea,
  parseBirthDate,
  parseCauses,
  parseFlag,
  parseIdNumber,
  parseNumber,
  parseRelation,
  parseSex,
  cellFault,
  plainValue,
} from '../../electron/core/excel/values';

const value = <T>(p: { ok: boolean; value?: T }): T | undefined => (p.ok ? p.value : undefined);

describe('Excel import: header variants', () => {
  it.each([
    ['STT hộ', 'householdNo'],
    ['Mã hộ', 'householdCode'],
    ['Họ và tên', 'fullName'],
    ['Họ và tên thành viên', 'fullName'],
    ['Họ và tên chủ hộ', 'headName'],
    ['  QUAN HỆ VỚI CHỦ HỘ ', 'relation'],
    ['Ngày, tháng, năm sinh', 'birthDate'],
    ['Năm sinh', 'birthDate'],
    ['Giới tính', 'sex'],
    ['Số CCCD', 'idNumber'],
    ['Số định danh', 'idNumber'],
    ['CCCD/CMND', 'idNumber'],
    ['Dân tộc', 'ethnicity'],
    ['Thôn', 'village'],
    ['Ấp', 'village'],
    ['Thôn/ấp/tổ dân phố', 'village'],
    ['Phân loại hộ', 'status'],
    ['Điểm B1', 'scoreA'],
    ['Điểm B2', 'scoreB'],
    ['Khu vực', 'area'],
    ['Số quyết định', 'decisionNo'],
    ['Ngày quyết định', 'decisionDate'],
    ['Nguyên nhân nghèo', 'causes'],
    ['Nguyên nhân', 'causes'],
    ['Họ và tên (*)', 'fullName'],
    ['Số CCCD (12 số)', 'idNumber'],
    ['Ho va ten'.normalize('NFD'), 'fullName'],
    ['Họ và tên'.normalize('NFD'), 'fullName'],
  ])('%s → %s', (header, key) => {
    expect(columnOf(header)).toBe(key);
  });

  it('leaves other headers alone', () => {
    expect(columnOf('Ghi chú')).toBeUndefined();
    expect(columnOf('')).toBeUndefined();
  });

  it('names columns by letters', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});

describe('Excel import: cell values', () => {
  it('reads dates as dates, serial numbers, text and bare years', () => {
    expect(value(parseBirthDate(new Date(Date.UTC(1985, 2, 15))))).toBe('1985-03-15');
    expect(value(parseBirthDate(31121))).toBe('1985-03-15'); // Excel serial
    expect(value(parseBirthDate('31121'))).toBe('1985-03-15'); // serial stored as text
    expect(value(parseBirthDate('15/3/1985'))).toBe('1985-03-15');
    expect(value(parseBirthDate('15-03-1985'))).toBe('1985-03-15');
    expect(value(parseBirthDate('15.03.1985'))).toBe('1985-03-15');
    expect(value(parseBirthDate('1985-03-15'))).toBe('1985-03-15');
    expect(value(parseBirthDate('1985'))).toBe('1985');
    expect(value(parseBirthDate(1985))).toBe('1985');
    expect(value(parseBirthDate(null))).toBeNull();
    const monthYear = parseBirthDate('3/1985');
    expect(monthYear).toEqual({ ok: true, value: '1985', warning: expect.stringContaining('tháng/năm') });
    expect(parseBirthDate('31/2/1985').ok).toBe(false);
    expect(parseBirthDate('hôm qua')).toEqual({ ok: false, error: expect.stringContaining('Ngày sinh không đọc được') });
    expect(parseBirthDate('1850').ok).toBe(false);
  });

  it('reads ID numbers: leading zero restored, text kept, old cards flagged', () => {
    expect(value(parseIdNumber(89085000111))).toBe('089085000111');
    expect(value(parseIdNumber('089085000111'))).toBe('089085000111');
    expect(value(parseIdNumber("'089085000111"))).toBe('089085000111');
    expect(value(parseIdNumber('089 085 000 111'))).toBe('089085000111');
    expect(parseIdNumber('123456789')).toEqual({ ok: true, value: '123456789', warning: expect.stringContaining('CMND') });
    expect(parseIdNumber('0890850001')).toEqual({ ok: true, value: '0890850001', warning: expect.stringContaining('10 chữ số') });
    expect(parseIdNumber('08908500011A').ok).toBe(false);
  });

  it('reads sex, relation, flags, numbers and area as written on commune sheets', () => {
    expect(['Nam', 'nam', 'NAM', 1, '1'].map((v) => value(parseSex(v)))).toEqual(['male', 'male', 'male', 'male', 'male']);
    expect(['Nữ', 'nu', 'NỮ'.normalize('NFD'), 2, '2'].map((v) => value(parseSex(v)))).toEqual(['female', 'female', 'female', 'female', 'female']);
    expect(parseSex('?').ok).toBe(false);
    expect(['Chủ hộ', 'Vợ', 'Chồng', 'Vợ/chồng', 'Con', 'Con gái', 'Cháu nội', 'Mẹ', 'Em', 'Khác'].map((v) => value(parseRelation(v)))).toEqual([
      'head', 'spouse', 'spouse', 'spouse', 'child', 'child', 'grandchild', 'parent', 'sibling', 'other',
    ]);
    expect(parseRelation('Bạn')).toEqual({ ok: true, value: 'other', warning: expect.stringContaining('Khác') });
    expect(['x', 'Có', 'không', '', null].map((v) => value(parseFlag(plainValue(v))))).toEqual([true, true, false, null, null]);
    expect(value(parseNumber('125'))).toBe(125);
    expect(value(parseNumber('1.234,5'))).toBe(1234.5);
    expect(parseNumber('abc').ok).toBe(false);
    expect(value(parseArea('Nông thôn'))).toBe('rural');
    expect(value(parseArea('thành thị'))).toBe('urban');
  });

  it('reads causes of poverty by number or name, several in a cell, folded, in the catalogue’s order', () => {
    expect(value(parseCauses('1;3'))).toEqual(['land', 'labour']);
    expect(value(parseCauses('3; 1'))).toEqual(['land', 'labour']);
    expect(value(parseCauses('1, 3'))).toEqual(['land', 'labour']);
    expect(value(parseCauses(2))).toEqual(['capital']);
    expect(value(parseCauses('Thiếu vốn; Ốm đau, tai nạn'))).toEqual(['capital', 'illness']);
    expect(value(parseCauses('thieu von\nom dau, tai nan'))).toEqual(['capital', 'illness']);
    expect(value(parseCauses('Thiếu vốn, Thiếu lao động'.normalize('NFD')))).toEqual(['capital', 'labour']);
    expect(value(parseCauses('1. Thiếu đất sản xuất; 8. Khác'))).toEqual(['land', 'other']);
    expect(value(parseCauses('Thiếu vốn; 2'))).toEqual(['capital']);
    expect(value(parseCauses(null))).toBeNull();
    expect(parseCauses('9')).toEqual({ ok: false, error: 'Nguyên nhân nghèo không có trong danh mục: số 9 (ghi số 1–8 hoặc tên nguyên nhân, nhiều nguyên nhân cách nhau bằng dấu ;)' });
    expect(parseCauses('Thiếu vốn; hạn hán')).toEqual({ ok: false, error: expect.stringContaining('"hạn hán"') });
    expect(parseCauses(1.3).ok).toBe(false);
  });

  it('reduces exceljs values to plain ones, in NFC with tidy spaces', () => {
    expect(plainValue('  Nguyễn   Văn  An '.normalize('NFD'))).toBe('Nguyễn Văn An');
    expect(plainValue({ richText: [{ text: 'Lê ' }, { text: 'Thị' }] })).toBe('Lê Thị');
    expect(plainValue({ formula: 'A1', result: 7 })).toBe(7);
    expect(plainValue('   ')).toBeNull();
  });

  it('never turns an error cell or an uncomputed formula into a value, and names what is wrong with it', () => {
    const faulty: [unknown, RegExp][] = [
      [{ error: '#REF!' }, /#REF!/u],
      [{ error: '#VALUE!' }, /#VALUE!/u],
      [{ formula: 'X1', result: { error: '#N/A' } }, /#N\/A/u],
      [{ formula: 'C1*2' }, /công thức.*chưa được tính/u],
      [{ sharedFormula: 'B1' }, /công thức.*chưa được tính/u],
      [{ formula: 'C1*2', result: undefined }, /công thức.*chưa được tính/u],
    ];
    for (const [v, message] of faulty) {
      expect(plainValue(v)).toBeNull();
      expect(String(plainValue(v))).not.toContain('[object Object]');
      expect(cellFault(v)?.what).toMatch(message);
      expect(cellFault(v)?.fix).toMatch(/sửa ô/u);
    }
    for (const v of [null, 'An', 7, { formula: 'A1', result: 7 }, { richText: [{ text: 'Lê' }] }, new Date(0)]) expect(cellFault(v)).toBeNull();
  });
});
