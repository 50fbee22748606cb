import { describe, expect, it } from 'vitest';
import type { Member } from '../../shared/domain/household';
import { ageAt } from '../../shared/domain/household';
import { deriveIndicators } from '../../shared/engine/derive';
import { member } from '../fixtures/small-db';
import { registry } from '../helpers';

const vn22 = registry().require('vn-2022-2026');
const REF = '2023-09-01';
const derive = (members: Member[]) => deriveIndicators(vn22, members, REF);

describe('indicators derived from the member roster', () => {
  it('a member aged 6 or more without health insurance makes the household deprived', () => {
    expect(derive([member(1, 'A'), member(2, 'B', { birthDate: '2017-01-01', healthInsurance: false })]).healthInsurance).toBe(true);
  });
  it('a child under 6 without health insurance does not', () => {
    expect(derive([member(1, 'A'), member(2, 'B', { birthDate: '2019-01-01', healthInsurance: false })]).healthInsurance).toBe(false);
  });
  it('a child aged 7 not at school makes childSchooling deprived', () => {
    expect(derive([member(1, 'A'), member(2, 'B', { birthDate: '2016-03-01', schooling: 'not_attending' })]).childSchooling).toBe(true);
  });
  it('an unknown value that could change the outcome gives null, never a guess', () => {
    expect(derive([member(1, 'A', { healthInsurance: null })]).healthInsurance).toBeNull();
    expect(derive([member(1, 'A', { healthInsurance: null }), member(2, 'B', { healthInsurance: false })]).healthInsurance).toBe(true);
  });
  it('dependants: more than half of the members, not exactly half', () => {
    const adult = member(1, 'A');
    const child = (n: number) => member(n, `C${n}`, { birthDate: '2015-01-01' });
    expect(derive([adult, child(2)]).dependants).toBe(false); // 1 of 2
    expect(derive([adult, child(2), child(3)]).dependants).toBe(true); // 2 of 3
  });
  it('answer-only indicators are not derived', () => {
    expect(derive([member(1, 'A')]).housingQuality).toBeNull();
  });
  it('ages are whole years at the reference date; a bare year counts from 1 January', () => {
    expect(ageAt('2017-09-02', REF)).toBe(5);
    expect(ageAt('2017-09-01', REF)).toBe(6);
    expect(ageAt('2017', REF)).toBe(6);
    expect(ageAt(null, REF)).toBeNull();
  });
});
