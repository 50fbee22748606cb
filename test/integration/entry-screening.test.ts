/**
 * Phiếu A from an administrator's rule set (a SYNTHETIC item list, for tests only): the entry
 * preview says whether the household goes on to Phiếu B, and keeps the answers for audit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdFormInput } from '../../shared/entry/form';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { SYNTHETIC_SCREENING } from '../fixtures/synthetic-rules';
import { RESOURCES, tempDir } from '../helpers';
import { confirmPendingRuleSets } from '../fixtures/rulesets-confirmed';
import { apiOf } from '../fixtures/api';

const dir = tempDir();
let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;

const { call } = apiOf(() => services);

beforeAll(() => {
  // The administrator's copy of the rule set, with a Phiếu A, in the data folder's standards/.
  const rs = JSON.parse(fs.readFileSync(path.join(RESOURCES, 'standards', 'vn-2022-2026.json'), 'utf8'));
  rs.version = '2022.1+phieu-a-gia-lap';
  rs.screening = SYNTHETIC_SCREENING;
  fs.mkdirSync(path.join(dir, 'standards'));
  fs.writeFileSync(path.join(dir, 'standards', 'vn-2022-2026.json'), JSON.stringify(rs));
  core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES });
  confirmPendingRuleSets(core); // the synthetic Phiếu A copy in standards/, as an administrator confirms it
  services = createServices(core);
  seeded = seedSmall(core);
});
afterAll(() => core.close());

function form(screening: Record<string, boolean | null>): HouseholdFormInput {
  return {
    communeId: seeded.communeId,
    villageId: seeded.villageId,
    address: 'Tổ 2, ấp Bình Hưng',
    currentAddress: 'Tổ 2, ấp Bình Hưng',
    area: 'rural',
    flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
    request: { kind: 'mau01', receivedOn: '2023-09-10', reason: 'Mất việc làm', idIssuedBy: '' },
    reviewer: '',
    members: [
      {
        seq: 1, fullName: 'Lý Văn Sáu', sex: 'male', birthDate: '1972-02-02', idNumber: null, relation: 'head', ethnicity: 'Kinh',
        healthInsurance: true, schooling: null, education: 'primary', employment: 'unemployed', disability: false, workingCapacity: true, nutrition: null,
      },
    ],
    answers: { scoreA: null, b2: {}, screening },
  } as HouseholdFormInput;
}

describe('Phiếu A in data entry', () => {
  it('the entry layout lists the rule set\'s Phiếu A items', async () => {
    const layout = await call('entry.layout', { roundId: seeded.roundId });
    expect(JSON.stringify(layout)).toContain('Hộ có ô tô');
  });

  it('two "yes" in group 2 screen the household out, with the reason', async () => {
    const p = await call('entry.preview', { roundId: seeded.roundId, form: form({ A1: false, A2: true, A3: true }) });
    expect(p.screening?.excluded).toBe(true);
    expect(p.screening?.explanation).toMatch(/^Không thuộc diện rà soát tiếp bằng Phiếu B: Nhóm 2 có 2 câu “có”/u);
  });

  it('one "yes" in group 2 goes on to Phiếu B; an unanswered item decides nothing yet', async () => {
    expect((await call('entry.preview', { roundId: seeded.roundId, form: form({ A1: false, A2: true, A3: false }) })).screening?.excluded).toBe(false);
    expect((await call('entry.preview', { roundId: seeded.roundId, form: form({ A1: false, A2: null, A3: false }) })).screening).toBeNull();
  });

  it('the answers are saved with the household for audit', async () => {
    const out = await call('entry.save', { roundId: seeded.roundId, form: form({ A1: true, A2: false, A3: false }) });
    expect(out.screening?.excluded).toBe(true);
    const back = await call('entry.form', { householdId: out.householdId });
    expect(back.form.answers.screening).toEqual({ A1: true, A2: false, A3: false });
  });
});
