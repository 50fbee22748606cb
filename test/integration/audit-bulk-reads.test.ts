/**
 * Issue 12, point 4: reading or exporting personal data in bulk is logged — printed documents
 * and lists (PDF jobs), Excel exports, backups made and restored — one audit row each, naming the
 * user who started it (a job runs in a worker thread with the actor captured at its start), the
 * unit, how many households and people, and the file kind.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { asCaller, type Caller } from '../../electron/core/auth/caller';
import { Core } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { apiOf } from '../fixtures/api';

let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;
const { call } = apiOf(() => services);
const mai: Caller = { userId: 7, name: 'mai.lt', fullName: 'Lê Thị Mai', role: 'admin', villageIds: [] };

interface Row {
  actor: string;
  entity: string;
  entity_id: number | null;
  action: string;
  field: string | null;
  new_value: string;
  unit_id: number | null;
}
const bulkRows = (entity: string): (Row & { value: Record<string, unknown> })[] =>
  (core.db.sqlite.prepare('SELECT actor, entity, entity_id, action, field, new_value, unit_id FROM audit WHERE entity = ? ORDER BY id').all(entity) as Row[]).map((r) => ({
    ...r,
    value: JSON.parse(r.new_value) as Record<string, unknown>,
  }));

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir(), 'bulk.sqlite'), resourcesDir: RESOURCES, actor: 'cli' });
  services = createServices(core);
  seeded = seedSmall(core);
});
afterAll(() => core.close());

async function runJob(start: () => Promise<{ id: string }>): Promise<void> {
  const { id } = await start();
  const final = await core.jobs.wait(id);
  expect(final.state, JSON.stringify(final.error)).toBe('done');
}

describe('bulk reads of personal data are logged', () => {
  it('a printed list (PDF job): one row with the user who started it, the commune, households and people, the document', async () => {
    await runJob(() => asCaller(mai, () => call('jobs.start', { kind: 'documents.render', input: { roundId: seeded.roundId, unitId: seeded.communeId, doc: 'LK' } })));
    const rows = bulkRows('document');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'mai.lt', action: 'print', field: 'LK', unit_id: seeded.communeId, entity_id: seeded.roundId });
    expect(rows[0]!.value).toMatchObject({ households: 3, people: expect.any(Number), file: expect.stringMatching(/\.pdf$/u) });
    expect(rows[0]!.value.people as number).toBeGreaterThan(3);
  });

  it('a filled-in form of one household counts that household only', async () => {
    const hid = seeded.householdIds[0]!;
    await runJob(() => asCaller(mai, () => call('jobs.start', { kind: 'documents.render', input: { roundId: seeded.roundId, unitId: seeded.communeId, doc: 'PB', prefill: true, householdId: hid } })));
    const row = bulkRows('document').at(-1)!;
    expect(row).toMatchObject({ actor: 'mai.lt', field: 'PB', unit_id: seeded.villageId });
    expect(row.value).toMatchObject({ households: 1 });
  });

  it('the approval dossier (a package of the lists): one row for the whole dossier', async () => {
    const before = bulkRows('document').length;
    await runJob(() => asCaller(mai, () => call('jobs.start', { kind: 'documents.dossier', input: { roundId: seeded.roundId, unitId: seeded.communeId } })));
    const rows = bulkRows('document').slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'mai.lt', action: 'print', field: 'dossier', unit_id: seeded.communeId });
    expect(rows[0]!.value).toMatchObject({ households: 3, file: expect.stringMatching(/^0-.*\.pdf$/u), documents: expect.arrayContaining(['LK', 'M02']) });
  });

  it('a blank form holds no one\'s data: not logged', async () => {
    const before = bulkRows('document').length;
    await runJob(() => asCaller(mai, () => call('jobs.start', { kind: 'documents.render', input: { roundId: seeded.roundId, unitId: seeded.communeId, doc: 'M01' } })));
    expect(bulkRows('document')).toHaveLength(before);
  });

  it('an Excel export (DS list): one row with the user, the commune and the counts of the file', async () => {
    await runJob(() => asCaller(mai, () => call('jobs.start', { kind: 'excel.export', input: { roundId: seeded.roundId, unitId: seeded.communeId, doc: 'DS' } })));
    const rows = bulkRows('excel');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'mai.lt', action: 'export', field: 'DS', unit_id: seeded.communeId });
    expect(rows[0]!.value).toMatchObject({ households: 3, file: expect.stringMatching(/\.xlsx$/u) });
  });

  it('a backup made, then restored: one row each, with the user and the counts', async () => {
    const made = await asCaller(mai, () => call('backups.create', {}));
    const rows = bulkRows('backup');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'mai.lt', action: 'backup', unit_id: null });
    expect(rows[0]!.value).toMatchObject({ households: 3, file: made.name });
    await asCaller(mai, () => call('backups.restore', { name: made.name }));
    // The restored data carries the row of its restore (the backup's own rows are older).
    const after = bulkRows('backup');
    expect(after.at(-1)).toMatchObject({ actor: 'mai.lt', action: 'restore' });
    expect(after.at(-1)!.value).toMatchObject({ households: 3, file: made.name });
  });
});
