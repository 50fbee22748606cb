/**
 * One lock rule (electron/core/entry/locks.ts): a commune whose recognition decision locked it
 * refuses every write, whichever path it comes by, until it is reopened with a reason. Each path
 * is tried against a locked commune and the database is compared before and after.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiOutput } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/envelope';
import { createServices, type Services } from '../../electron/core/api/services';
import { tableChecksums } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { importHouseholdList } from '../../electron/core/excel/import';
import { seedSmall } from '../fixtures/small-db';
import { reclassified, reclassify, RESOURCES, tempDir } from '../helpers';
import { apiOf } from '../fixtures/api';

const dir = tempDir('rasoat-locks-');
let core: Core;
let services: Services;
let seed: ReturnType<typeof seedSmall>;

beforeAll(() => {
  core = new Core({ dbPath: path.join(dir, 'locks.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ xã' });
  seed = seedSmall(core);
  services = createServices(core);
});
afterAll(async () => {
  await core.jobs.close();
  core.close();
});

const { send, call } = apiOf(() => services);
const checksums = () => JSON.stringify(tableChecksums(core.db.sqlite));

/** Locks the commune as its recognition decision does (workflow.decision writes this row). */
function lockCommune(): void {
  core.db.sqlite
    .prepare("INSERT INTO round_locks (round_id, commune_id, locked, decision_id, changed_at, reason) VALUES (?, ?, 1, NULL, '2023-12-05T08:00:00Z', '') ON CONFLICT(round_id, commune_id) DO UPDATE SET locked = 1")
    .run(seed.roundId, seed.communeId);
}

async function commonSheet(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Bình Mỹ');
  ws.getRow(1).values = ['STT hộ', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ với chủ hộ', 'Ấp', 'Điểm B1'];
  ws.getRow(2).values = [1, 'Võ Văn Mới', '01/02/1970', 'Nam', 'Chủ hộ', 'Bình Hưng', 150];
  await wb.xlsx.writeFile(file);
}

describe('a commune locked by its recognition decision refuses every writer', () => {
  let before: string;
  let form: ApiOutput<'entry.form'>['form'];
  let complaintId: number;

  beforeAll(async () => {
    form = (await call('entry.form', { householdId: seed.householdIds[0]! })).form;
    complaintId = (await call('workflow.complaint', { roundId: seed.roundId, householdId: seed.householdIds[0]!, receivedOn: '2023-10-22', content: 'Đề nghị xem lại' })).id;
    lockCommune();
    before = checksums();
  });

  const refusedLocked = async (e: Promise<Envelope<unknown>>) => {
    const r = await e;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(`${r.error.code} ${r.error.message}`).toMatch(/^ROUND_LOCKED /u);
    expect(checksums()).toBe(before);
  };

  it('entry save of a stored household, and of a new one', async () => {
    await refusedLocked(send('entry.save', { roundId: seed.roundId, householdId: seed.householdIds[0]!, form: { ...form, address: 'Tổ 9' } }));
    await refusedLocked(send('entry.save', { roundId: seed.roundId, householdId: null, form: { ...form, code: undefined } }));
  });

  it('household update and household events', async () => {
    await refusedLocked(send('households.update', { householdId: seed.householdIds[1]!, changes: { address: 'Tổ 9' } }));
    await refusedLocked(send('entry.events.record', { householdId: seed.householdIds[1]!, kind: 'moved_out', occurredOn: '2023-12-10', memberId: null, note: '' }));
  });

  it('every workflow step', async () => {
    const { roundId, communeId, villageId } = seed;
    await refusedLocked(send('workflow.buildList', { roundId, communeId }));
    await refusedLocked(
      send('workflow.meeting', { roundId, villageId, heldOn: '2023-10-10', place: 'Nhà văn hoá', chair: 'A', secretary: 'B', attendeesCount: 10, householdsPresent: 8, householdsListed: 3, agreedCount: 9, outcome: 'agreed' }),
    );
    await refusedLocked(send('workflow.posting', { roundId, communeId, fromDate: '2023-10-20', toDate: '2023-10-24', places: 'Nhà văn hoá ấp' }));
    await refusedLocked(send('workflow.complaint', { roundId, householdId: seed.householdIds[2]!, receivedOn: '2023-10-22', content: 'Khiếu nại' }));
    await refusedLocked(send('workflow.recheck', { complaintId, recheckedOn: '2023-10-25', result: 'Đúng' }));
    await refusedLocked(send('workflow.districtOpinion', { roundId, communeId, receivedOn: '2023-11-20', number: '88/UBND', content: 'Thống nhất' }));
    await refusedLocked(send('workflow.decision', { roundId, communeId, number: '126', signedOn: '2023-12-06', signerName: 'Nguyễn Văn Mười', signerTitle: 'Chủ tịch' }));
  });

  it('classifying the locked commune is refused; classifying the round leaves it as it was', async () => {
    await refusedLocked(reclassify(send, { roundId: seed.roundId, communeId: seed.communeId }));
    const whole = await reclassified(send, { roundId: seed.roundId });
    expect(whole.lockedCommunes).toBe(1);
    // The round's classification records its rule set and an audit line; the locked commune's rows stay as they were.
    const communeTables = (all: string) => JSON.stringify(Object.entries(JSON.parse(all) as Record<string, unknown>).filter(([t]) => !['audit', 'rule_set_snapshots'].includes(t)));
    expect(communeTables(checksums())).toBe(communeTables(before));
    before = checksums();
  });

  it('Excel import into the locked commune: the preview says so, the import writes nothing', async () => {
    const file = path.join(dir, 'locked.xlsx');
    await commonSheet(file);
    const opts = { file, roundId: seed.roundId, unitCode: '30487', actor: 'cán bộ xã', backupDir: path.join(dir, 'backups') };
    let preview: Awaited<ReturnType<typeof importHouseholdList>> | null = null;
    let previewError: unknown = null;
    try {
      preview = await importHouseholdList(core.db.sqlite, { ...opts, dryRun: true });
    } catch (e) {
      previewError = e;
    }
    // Either the preview refuses outright, or it lists the lock as a blocking problem.
    if (preview) {
      expect(preview.refused).toBe(true);
      expect(preview.problems.map((p) => p.message).join('\n')).toMatch(/khoá|khóa/u);
    } else {
      expect(String(previewError)).toMatch(/khoá|khóa|ROUND_LOCKED|locked/u);
    }
    let summary: Awaited<ReturnType<typeof importHouseholdList>> | null = null;
    try {
      summary = await importHouseholdList(core.db.sqlite, { ...opts, dryRun: false });
    } catch (e) {
      expect(String((e as { code?: string }).code ?? e)).toMatch(/ROUND_LOCKED/u);
    }
    if (summary) expect(summary.imported).toBe(false);
    expect(checksums()).toBe(before);
  });

  it('reopened with a reason, the same save goes through', async () => {
    await call('workflow.reopen', { roundId: seed.roundId, communeId: seed.communeId, reason: 'Sửa địa chỉ theo hộ khẩu' });
    const saved = await call('entry.save', { roundId: seed.roundId, householdId: seed.householdIds[0]!, form: { ...form, address: 'Tổ 9' } });
    expect(saved.changed).toContain('address');
  });
});
