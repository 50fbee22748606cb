/**
 * A query that fails is an error, never a blank legal document: every migration runs when a
 * database opens, so the workflow tables always exist, and a missing table or column means a
 * damaged database. Each case breaks one table or column in a copy of a small database and
 * expects the document that reads it to fail, while the intact copy renders.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { renderDocument, type Selection } from '../../electron/core/documents/render';
import { insertHouseholds } from '../../electron/core/households/write';
import { classifyRound } from '../../electron/core/rounds/classify';
import { createRound } from '../../electron/core/rounds/rounds';
import { unitIdAt } from '../../electron/core/units/units';
import type { DocumentId } from '../../shared/api/documents';
import { household, member, seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

const tmp = tempDir('rasoat-docerr-');
const core = new Core({ dbPath: path.join(tmp, 'rasoat.sqlite'), resourcesDir: RESOURCES });
let seeded: ReturnType<typeof seedSmall>;
let copies = 0;

beforeAll(() => {
  seeded = seedSmall(core);
  const sqlite = core.db.sqlite;
  // Last round's record of the first household, for the filled-in Phiếu B.
  const r2022 = createRound(
    sqlite,
    { year: 2022, kind: 'periodic', title: 'Rà soát định kỳ năm 2022', ruleSetId: 'vn-2022-2026', unitMapDate: '2022-09-01', referenceDate: '2022-09-01', scopeUnitId: unitIdAt(sqlite, '889', '2022-09-01')! },
    'test',
  );
  insertHouseholds(sqlite, r2022, [
    household('30487-00001', seeded.communeId, seeded.villageId, 120, ['employment', 'water', 'sanitation', 'healthInsurance'], [member(1, 'Nguyễn Văn Dũng', { idNumber: '089080000123' })]),
  ]);
  classifyRound(sqlite, core.registry, r2022, { actor: 'test' });
  sqlite.prepare("INSERT INTO household_entry (household_id, request_kind, request_received_on) VALUES (?, 'mau01', '2023-09-05')").run(seeded.householdIds[0]);
});

afterAll(() => core.close());

/** A copy of the database with one statement run on it (foreign keys off, as a damaged file would be). */
async function copyWith(sql: string | null): Promise<string> {
  const file = path.join(tmp, `copy-${++copies}.sqlite`);
  await core.db.sqlite.backup(file);
  if (sql) {
    const db = new Database(file);
    db.pragma('foreign_keys = OFF');
    db.exec(sql);
    db.close();
  }
  return file;
}

const render = (dbPath: string, doc: DocumentId, selection?: Selection) =>
  renderDocument({ dbPath, resourcesDir: RESOURCES, roundId: seeded.roundId, unitId: seeded.communeId }, doc, () => {}, selection);

const household1 = (): Selection => ({ prefill: true, householdId: seeded.householdIds[0]!, villageId: null });

const CASES: { name: string; doc: DocumentId; selection?: () => Selection; sql: string; error: RegExp }[] = [
  { name: 'village meetings dropped: the minutes', doc: 'P5', sql: 'DROP TABLE village_meetings', error: /no such table: village_meetings/u },
  { name: 'postings dropped: the posting notice', doc: 'TB', sql: 'DROP TABLE postings', error: /no such table: postings/u },
  { name: 'complaints dropped: the posting notice', doc: 'TB', sql: 'DROP TABLE complaints', error: /no such table: complaints/u },
  { name: 'decisions dropped: the decision (its context)', doc: 'M02', sql: 'DROP TABLE decisions', error: /no such table: decisions/u },
  { name: 'district opinions dropped: the decision', doc: 'M02', sql: 'DROP TABLE district_opinions', error: /no such table: district_opinions/u },
  { name: 'a column of household_entry dropped: the filled-in Mẫu 01', doc: 'M01', selection: household1, sql: 'ALTER TABLE household_entry DROP COLUMN current_address', error: /no such column: current_address/u },
  { name: 'member_entry dropped: the filled-in Mẫu 01', doc: 'M01', selection: household1, sql: 'DROP TABLE member_entry', error: /no such table: member_entry/u },
  { name: 'household_causes dropped: the filled-in Phiếu B (last round’s causes)', doc: 'PB', selection: household1, sql: 'DROP TABLE household_causes', error: /no such table: household_causes/u },
];

describe('a failing query fails the document', () => {
  it('the intact database renders every document the cases break', async () => {
    const intact = await copyWith(null);
    for (const c of CASES) {
      const out = await render(intact, c.doc, c.selection?.());
      expect(out.pages, c.name).toBeGreaterThan(0);
    }
  });

  for (const c of CASES) {
    it(`${c.name} is an error, not a blank document`, async () => {
      const broken = await copyWith(c.sql);
      await expect(render(broken, c.doc, c.selection?.())).rejects.toThrow(c.error);
    });
  }
});
