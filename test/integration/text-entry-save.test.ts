/**
 * Text at the entry boundary (issue 10, item 4): zero-width characters and bidi controls pasted
 * into a name, an ID number or an address are removed before the household is stored (one rule:
 * shared/text/normalize.ts cleanText); a name made of nothing else is refused; the form's length
 * limits are the ones the Excel import uses (shared/entry/form.ts TEXT_LIMITS).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_LIMITS, type HouseholdFormInput } from '../../shared/entry/form';
import { createServices, type Services } from '../../electron/core/api/services';
import { tableChecksums } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { apiOf } from '../fixtures/api';

let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;
beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir('rasoat-text-entry-'), 'text.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ Lan' });
  services = createServices(core);
  seeded = seedSmall(core);
});
afterAll(() => core.close());

const { send, call } = apiOf(() => services);
const checksums = () => JSON.stringify(tableChecksums(core.db.sqlite));

const person = (seq: number, fullName: string, over: Record<string, unknown> = {}) => ({
  seq, fullName, sex: 'male' as const, birthDate: '1975-04-02', idNumber: null, relation: 'head' as const, ethnicity: 'Kinh',
  healthInsurance: true, schooling: 'not_attending' as const, education: 'lower_secondary' as const, employment: 'self_employed' as const,
  disability: false, workingCapacity: true, nutrition: null, ...over,
});
const form = (over: Partial<HouseholdFormInput> = {}): HouseholdFormInput => ({
  communeId: seeded.communeId,
  villageId: seeded.villageId,
  address: 'Tổ 3',
  area: 'rural',
  flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
  members: [person(1, 'Hà Văn Rõ')],
  answers: { scoreA: 150, b2: {} },
  ...over,
});

describe('zero-width characters and bidi controls typed or pasted into the entry form', () => {
  it('are removed from names, ID numbers, addresses and codes before they are stored', async () => {
    const out = await call('entry.save', {
      roundId: seeded.roundId,
      form: form({
        code: 'ZW\u200b-9',
        address: 'Tổ\u2066 3\u2069, ấp\u200d Bình Hưng',
        members: [person(1, 'Hà\u200b Văn\u202e Ẩn\u202c', { idNumber: '0890\u200b75001234' }), person(2, '\ufeffHà Thị\u200f Mờ', { sex: 'female', relation: 'spouse' })],
      }),
    });
    expect(out.code).toBe('ZW-9');
    const stored = core.db.sqlite.prepare('SELECT code, address, head_name, head_id_number, search_text FROM households WHERE id = ?').get(out.householdId);
    expect(stored).toEqual({ code: 'ZW-9', address: 'Tổ 3, ấp Bình Hưng', head_name: 'Hà Văn Ẩn', head_id_number: '089075001234', search_text: 'ha van an | ha thi mo' });
    const names = core.db.sqlite.prepare('SELECT full_name, id_number FROM members WHERE household_id = ? ORDER BY seq').all(out.householdId);
    expect(names).toEqual([
      { full_name: 'Hà Văn Ẩn', id_number: '089075001234' },
      { full_name: 'Hà Thị Mờ', id_number: null },
    ]);
    // Found by the name as anyone types it.
    const found = await call('households.list', { roundId: seeded.roundId, search: 'Hà Văn Ẩn' });
    expect(found.rows.map((r) => r.id)).toContain(out.householdId);
  });

  it('a name made of nothing but them is refused as no name at all, and nothing is written', async () => {
    const before = checksums();
    const out = await send('entry.save', { roundId: seeded.roundId, form: form({ members: [person(1, '\u200b\u202e\u200b')] }) });
    expect(out.ok).toBe(false);
    expect(checksums()).toBe(before);
    if (out.ok) return;
    expect(out.error.code).toBe('INVALID_INPUT');
    expect(out.error.issues).toEqual([{ path: 'form.members.0.fullName', message: 'Chưa ghi họ và tên.' }]);
  });
});

describe('the entry form’s length limits are the shared ones', () => {
  it('a name one character over TEXT_LIMITS.fullName is refused with its message', async () => {
    const out = await send('entry.save', { roundId: seeded.roundId, form: form({ members: [person(1, 'A'.repeat(TEXT_LIMITS.fullName.max + 1))] }) });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.issues).toEqual([{ path: 'form.members.0.fullName', message: `Họ và tên dài quá ${TEXT_LIMITS.fullName.max} ký tự.` }]);
    const code = await send('entry.save', { roundId: seeded.roundId, form: form({ code: 'X'.repeat(32_000) }) });
    expect(code.ok).toBe(false);
    if (code.ok) return;
    expect(code.error.issues).toEqual([{ path: 'form.code', message: `Mã hộ dài quá ${TEXT_LIMITS.code.max} ký tự.` }]);
  });
});
