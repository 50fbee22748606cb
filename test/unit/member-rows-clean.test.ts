// households/rows.ts: a stored member row written as it comes (an exchange package's, through
// cleanMemberRow) is stored exactly as the same member made a domain object and mapped back
// (memberRow(memberFromRow(row)), the import's former path); and the household's summary from the
// cleaned rows is the summary from the domain members.
import { describe, expect, it } from 'vitest';
import { cleanMemberRow, householdSummary, householdSummaryOfRows, memberFromRow, memberRow, type StoredMemberRow } from '../../electron/core/households/rows';

const base = {
  id: 1,
  household_id: 1,
  person_key: 'k',
  seq: 1,
  sex: 'male',
  birth_date: '1980-02-03',
  relation: 'head',
  schooling: null,
  education: 'primary',
  employment: 'farming',
  nutrition: null,
} as const;

const rows: StoredMemberRow[] = [
  // Not NFC (decomposed marks), spaces to tidy, an ID number with spaces, yes/no as 1/0/null and odd values.
  { ...base, full_name: '  Nguye\u0302\u0303n   Va\u0306n  Đức ', id_number: ' 089 067 996 257 ', ethnicity: 'Kinh', health_insurance: 1, disability: 0, working_capacity: null } as unknown as StoredMemberRow,
  { ...base, seq: 2, relation: 'wife', full_name: 'Trần Thị Ánh', id_number: null, ethnicity: ' Khơ  me ', health_insurance: 2, disability: 1, working_capacity: 0 } as unknown as StoredMemberRow,
  { ...base, seq: 3, relation: 'child', full_name: 'Lê  Văn B', id_number: 'AB 12', ethnicity: 'Kinh', health_insurance: null, disability: null, working_capacity: 1 } as unknown as StoredMemberRow,
];

describe('a stored member row written as it comes', () => {
  it('is stored as the same member mapped through the domain and back', () => {
    for (const r of rows) expect(cleanMemberRow(r), r.full_name).toEqual(memberRow(memberFromRow(r)));
    expect(cleanMemberRow(rows[0]!).full_name).toBe('Nguyễn Văn Đức');
    expect(cleanMemberRow(rows[0]!).id_number).toBe('089067996257');
    expect(cleanMemberRow(rows[1]!).health_insurance).toBe(0);
  });

  it("gives the household's summary the domain members give, head first by relation", () => {
    const reordered = [rows[1]!, rows[2]!, rows[0]!];
    for (const list of [rows, reordered, [rows[1]!, rows[2]!]]) {
      expect(householdSummaryOfRows(list.map(cleanMemberRow))).toEqual(householdSummary(list.map(memberFromRow)));
    }
    expect(householdSummaryOfRows(reordered.map(cleanMemberRow)).head_name).toBe('Nguyễn Văn Đức');
    expect(householdSummaryOfRows([])).toEqual(householdSummary([]));
  });
});
