// exchange/read.ts: a household's fields are named by its members' person keys (member.<uuid>),
// names no other household has. Added to plain objects, each new name made V8 a new hidden class
// (kept for the life of the process: half a second a commune of ten thousand households, and never
// given back over a province's hundred communes); the fields are dictionaries (no prototype) from
// the start, and still compare and digest as before.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PART_NAMES, type Parts } from '../../electron/core/exchange/format';
import { eachHouseholdFields, fieldsDigest } from '../../electron/core/exchange/read';

describe("a household's fields", () => {
  it('are dictionaries from the start (no prototype), with every field and the same digest as a plain object of them', () => {
    const p = Object.fromEntries(PART_NAMES.map((n) => [n, []])) as unknown as Parts;
    for (let i = 0; i < 50; i++) {
      const code = `H${i}`;
      p.households.push({ code, address: `Ấp ${i}`, area: 'rural', village: null });
      for (let k = 0; k < 3; k++) p.members.push({ household: code, person_key: randomUUID(), seq: k + 1, full_name: `Người ${k}` });
    }
    let n = 0;
    eachHouseholdFields(p, (code, f) => {
      n++;
      expect(Object.getPrototypeOf(f), code).toBeNull();
      expect(Object.keys(f).filter((k) => k.startsWith('member.')).length).toBe(3);
      expect(f.address).toBe(JSON.stringify(`Ấp ${code.slice(1)}`));
      expect(fieldsDigest(f)).toBe(fieldsDigest({ ...f }));
    });
    expect(n).toBe(50);
  });
});
