/**
 * The change history's reading in Vietnamese (issue 12, point 5): times as dd/mm/yyyy hh:mm in
 * Vietnam's time whatever the host's zone, values as labels (not codes), the form's labels of the
 * fields, Phiếu A / B2 maps read item by item.
 */
import { describe, expect, it } from 'vitest';
import { describeChange, lineText } from '../../electron/core/audit/describe';
import { endOfDayVi, formatDateTimeVi, householdFieldLabel, memberFieldLabel, startOfDayVi, valueLabel } from '../../shared/domain/field-labels';
import { registry } from '../helpers';

describe('times', () => {
  it('an instant stored in UTC reads in Vietnam\'s time, dd/mm/yyyy hh:mm', () => {
    expect(formatDateTimeVi('2026-02-05T07:07:00.000Z')).toBe('05/02/2026 14:07');
    // After 17:00 UTC it is already the next day in Vietnam.
    expect(formatDateTimeVi('2025-12-31T17:30:00.000Z')).toBe('01/01/2026 00:30');
  });
  it('a local day is the UTC range [day−7h, day+17h)', () => {
    expect(startOfDayVi('2026-02-05')).toBe('2026-02-04T17:00:00.000Z');
    expect(endOfDayVi('2026-02-05')).toBe('2026-02-05T17:00:00.000Z');
  });
});

describe('values as labels, never codes', () => {
  it.each([
    ['status', 'near_poor', 'Hộ cận nghèo'],
    ['status', 'poor', 'Hộ nghèo'],
    ['status', 'neither', 'Không nghèo, không cận nghèo'],
    ['yesNo', 1, 'Có'],
    ['yesNo', 0, 'Không'],
    ['yesNo', false, 'Không'],
    ['relation', 'spouse', 'Vợ/chồng'],
    ['sex', 'female', 'Nữ'],
    ['area', 'urban', 'Thành thị'],
    ['date', '2021-06-15', '15/06/2021'],
    ['reviewState', 'scored', 'Đã chấm điểm (Phiếu B)'],
    ['causes', ['land', 'illness'], 'Thiếu đất sản xuất; Ốm đau, tai nạn'],
    ['money', 1500000, '1.500.000 đồng'],
    ['text', null, '(để trống)'],
  ] as const)('%s %j → %s', (kind, value, label) => {
    expect(valueLabel(kind, value)).toBe(label);
  });
  it('the form\'s labels of stored fields, with or without the answers. prefix', () => {
    expect(householdFieldLabel('answers.score_a').label).toBe('Phiếu B1 – Tổng điểm A');
    expect(householdFieldLabel('score_a').label).toBe('Phiếu B1 – Tổng điểm A');
    expect(householdFieldLabel('merit_person').label).toBe('Hộ có người có công');
    expect(memberFieldLabel('health_insurance')).toEqual({ label: 'Bảo hiểm y tế', kind: 'yesNo' });
    expect(memberFieldLabel('id_number').label).toBe('Số CCCD/CMND');
  });
});

describe('an audit row read in Vietnamese', () => {
  const rs = registry().require('vn-2022-2026');
  it('a Phiếu B2 map reads one line per indicator that changed, with its number and label', () => {
    const lines = describeChange(
      { entity: 'household', entityId: 1, action: 'update', field: 'answers.b2', oldValue: { water: false, sanitation: true, telecom: null }, newValue: { water: true, sanitation: true, telecom: false } },
      { ruleSet: rs },
    );
    expect(lines.map((l) => [l.field, l.what, l.oldText, l.newText])).toEqual([
      ['answers.b2.water', 'Phiếu B2 – Chỉ số 9. Nguồn nước sinh hoạt', 'Không thiếu hụt', 'Thiếu hụt'],
      ['answers.b2.telecom', 'Phiếu B2 – Chỉ số 11. Sử dụng dịch vụ viễn thông', '(để trống)', 'Không thiếu hụt'],
    ]);
  });
  it('a member\'s field names the member', () => {
    const [l] = describeChange({ entity: 'member', entityId: 5, action: 'update', field: 'relation', oldValue: 'child', newValue: 'grandchild' }, { memberName: 'Võ Thị Ngọc' });
    expect(lineText('update', l!)).toBe('Sửa: Thành viên Võ Thị Ngọc – Quan hệ với chủ hộ: Con → Cháu');
  });
  it('the status reads as classes', () => {
    const [l] = describeChange({ entity: 'household', entityId: 1, action: 'classify', field: 'status', oldValue: 'neither', newValue: 'near_poor' });
    expect(lineText('classify', l!)).toBe('Phân loại: Kết quả phân loại: Không nghèo, không cận nghèo → Hộ cận nghèo');
  });
});
