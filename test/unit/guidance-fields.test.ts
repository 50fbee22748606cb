// Issue 15 item 6: every coded box of the entry screen has its guidance, for both periods.
import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../shared/domain/causes';
import { CODE_SETS } from '../../shared/entry/codes';
import { causeField, FLAG_FIELDS, MEMBER_CODES, MEMBER_FIELDS } from '../../shared/entry/raw';
import { bookFor, codesOf, entriesByForm, findGuidance, guidanceKeys } from '../../shared/guidance/lookup';
import { GUIDANCE_FORMS, type GuidanceBook } from '../../shared/guidance/schema';
import { loadGuidanceBooks, parseGuidanceBook } from '../../electron/core/guidance/load';
import type { RuleSet } from '../../shared/engine/ruleset';
import { REPO, registry } from '../helpers';
import path from 'node:path';

const books = loadGuidanceBooks(path.join(REPO, 'resources'));
const rules = registry();

/** Every box of the entry screen typed in a code set, with the code set it is typed in (shared/entry/raw.ts). */
function codedBoxes(rs: RuleSet): { field: string; set: readonly unknown[] | 'causes' }[] {
  const boxes: { field: string; set: readonly unknown[] | 'causes' }[] = [
    { field: 'request.kind', set: CODE_SETS.request },
    { field: 'area', set: CODE_SETS.area },
    ...FLAG_FIELDS.map((k) => ({ field: `flags.${k}`, set: CODE_SETS.yesNo })),
    ...CAUSES.map((c) => ({ field: causeField(c), set: 'causes' as const })),
  ];
  for (const row of [0, 7]) {
    for (const k of MEMBER_FIELDS) {
      const set = MEMBER_CODES[k];
      if (set) boxes.push({ field: `m.${row}.${k}`, set });
    }
  }
  for (const i of rs.indicators.value ?? []) boxes.push({ field: `a.b2.${i.id}`, set: CODE_SETS.deprived });
  // Phiếu A items are the rule set's when loaded; a loaded table's item ids are unknown here, so one stands for them.
  for (const item of rs.screening.value?.items ?? [{ id: 'motMuc' }]) boxes.push({ field: `a.screening.${item.id}`, set: CODE_SETS.yesNo });
  return boxes;
}

const setName = (set: readonly unknown[] | 'causes'): string =>
  set === 'causes' ? 'causes' : (Object.entries(CODE_SETS).find(([, s]) => s === set)?.[0] ?? '?');

describe.each(['vn-2022-2026', 'vn-2027-2030'])('guidance for %s', (id) => {
  const rs = rules.require(id);
  const book = bookFor(books, rs) as GuidanceBook;

  it('has a book for the rule set, covering its period', () => {
    expect(book).not.toBeNull();
    expect(book.period.from <= rs.validFrom && rs.validFrom <= book.period.to).toBe(true);
    expect(book.provenance.document.length).toBeGreaterThan(10);
  });

  it('every coded box has an entry, naming the code set the box is typed in', () => {
    const missing: string[] = [];
    const wrongCodes: string[] = [];
    for (const box of codedBoxes(rs)) {
      const found = findGuidance(book.entries, box.field);
      if (!found) missing.push(box.field);
      else if (found.entry.codes !== setName(box.set)) wrongCodes.push(`${box.field}: ${found.entry.codes} ≠ ${setName(box.set)}`);
    }
    expect(missing).toEqual([]);
    expect(wrongCodes).toEqual([]);
  });

  it('its Phiếu B2 entries are exactly the indicators of the rule set', () => {
    const b2 = Object.keys(book.entries).filter((k) => k.startsWith('a.b2.')).map((k) => k.slice(5)).sort();
    expect(b2).toEqual((rs.indicators.value ?? []).map((i) => i.id).sort());
  });

  it('every entry says what to ask, what counts, an example and its source; what is the app’s own is not confirmed', () => {
    for (const [key, e] of Object.entries(book.entries)) {
      expect([key, e.ask.length > 5, e.counts.length > 5, e.example.length > 1]).toEqual([key, true, true, true]);
      if (/chưa có trong văn bản|Chưa ban hành/u.test(e.source.document)) expect([key, e.status]).toEqual([key, 'to_verify']);
    }
    expect(entriesByForm(book.entries).map((g) => g.form)).toEqual(GUIDANCE_FORMS.filter((f) => Object.values(book.entries).some((e) => e.form === f)));
  });
});

describe('the two periods differ where the standard does', () => {
  const g22 = bookFor(books, rules.require('vn-2022-2026'))!;
  const g27 = bookFor(books, rules.require('vn-2027-2030'))!;

  it('2027: household waste is asked, information devices are not; 2022 the reverse', () => {
    expect(findGuidance(g27.entries, 'a.b2.waste')?.entry.label).toMatch(/rác thải/u);
    expect(findGuidance(g27.entries, 'a.b2.informationDevices')).toBeNull();
    expect(findGuidance(g22.entries, 'a.b2.informationDevices')?.entry.label).toMatch(/tiếp cận thông tin/u);
    expect(findGuidance(g22.entries, 'a.b2.waste')).toBeNull();
  });

  it('the income box states the period’s lines and words', () => {
    const i27 = findGuidance(g27.entries, 'a.monthlyIncome')!.entry;
    expect(i27.counts).toMatch(/2\.200\.000.*đô thị 2\.800\.000/u);
    expect(i27.status).toBe('confirmed');
    expect(findGuidance(g22.entries, 'a.scoreA')!.entry.counts).toMatch(/140.*175/u);
    expect(codesOf('area', rules.require('vn-2027-2030').areaLabels).map((c) => c.label)).toEqual(['Nông thôn', 'Đô thị']);
    expect(codesOf('area', rules.require('vn-2022-2026').areaLabels).map((c) => c.label)).toEqual(['Nông thôn', 'Thành thị']);
  });

  it('a local rule set of the 2022–2025 period uses the 2022 book', () => {
    const local = rules.all().find((r) => r.kind === 'local' && r.validFrom.startsWith('2022'));
    expect(local).toBeDefined();
    expect(bookFor(books, local!)?.id).toBe(g22.id);
  });
});

describe('looking a box up', () => {
  it('leaves out the member row, then falls back to the box’s group', () => {
    expect(guidanceKeys('m.12.sex')).toEqual(['m.sex']);
    expect(guidanceKeys('a.screening.oto')).toEqual(['a.screening.oto', 'a.screening']);
    expect(guidanceKeys('causes.land')).toEqual(['causes.land', 'causes']);
    expect(guidanceKeys('')).toEqual([]);
    expect(guidanceKeys('a.b2.<script>')).toEqual([]);
  });

  it('codes are read from the code sets, not copied', () => {
    expect(codesOf('relation')).toEqual(CODE_SETS.relation.map((o) => ({ code: o.code, label: o.label })));
    expect(codesOf('causes')).toHaveLength(CAUSES.length);
    expect(codesOf(null)).toEqual([]);
  });

  it('refuses a book with a box of no form or an unknown code set, naming the path', () => {
    const text = JSON.stringify({ ...books[0], entries: { x: { ...Object.values(books[0]!.entries)[0], codes: 'mauSac' } } });
    expect(() => parseGuidanceBook(text, 'guidance/x.json')).toThrow(/sai cấu trúc/u);
    try {
      parseGuidanceBook(text, 'guidance/x.json');
    } catch (e) {
      expect((e as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['entries.x.codes']);
    }
  });
});
