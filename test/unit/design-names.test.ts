import { describe, expect, it } from 'vitest';
import { bareOfFullName, roundName, unitBareName, unitName } from '../../shared/domain/names';

describe('one name for a round and a unit', () => {
  it('a periodic round without a title of its own is "Rà soát định kỳ năm <year>"', () => {
    expect(roundName({ year: 2026, kind: 'periodic', referenceDate: '2026-09-01', title: '' })).toBe('Rà soát định kỳ năm 2026');
    expect(roundName({ year: 2026, kind: 'periodic', referenceDate: '2026-09-01' })).toBe('Rà soát định kỳ năm 2026');
  });

  it('an ad-hoc round is named by its date, dd/mm/yyyy', () => {
    expect(roundName({ year: 2026, kind: 'adhoc', referenceDate: '2026-03-05', title: '  ' })).toBe('Rà soát thường xuyên ngày 05/03/2026');
  });

  it('a round the office titled keeps its title', () => {
    expect(roundName({ year: 2026, kind: 'periodic', referenceDate: '2026-09-01', title: 'Rà soát định kỳ năm 2026 (bổ sung)' })).toBe('Rà soát định kỳ năm 2026 (bổ sung)');
  });

  it('a unit is its type word and its name, once', () => {
    expect(unitName({ type: 'xa', name: 'Bình Mỹ' })).toBe('Xã Bình Mỹ');
    expect(unitName({ type: 'thi_tran', name: 'Cái Dầu' })).toBe('Thị trấn Cái Dầu');
    expect(unitName({ type: 'xa', name: 'Xã Bình Mỹ' })).toBe('Xã Bình Mỹ');
  });

  it('a drop-down matches a unit by its name without the type word', () => {
    expect(unitBareName({ type: 'xa', name: 'Bình Mỹ' })).toBe('Bình Mỹ');
    expect(unitBareName({ type: 'xa', name: 'Xã Bình Mỹ' })).toBe('Bình Mỹ');
    expect(bareOfFullName('Thị trấn Cái Dầu')).toBe('Cái Dầu');
    expect(bareOfFullName('Huyện Châu Phú')).toBe('Châu Phú');
    expect(bareOfFullName('Bình Mỹ')).toBe('Bình Mỹ');
  });
});
