/**
 * The methods × roles matrix (issue 12): every method of the contract, called through the
 * dispatcher by every role with a valid input, is refused with FORBIDDEN (naming the role and the
 * action) exactly where shared/api/permissions.ts says, and only there. A method added to the
 * contract without a rule fails to compile (PERMISSIONS is a Record<ApiMethod, …>, SAMPLES too)
 * and fails here at run time.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/api/auth';
import { API_METHODS, inputs, type ApiInput, type ApiMethod } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/envelope';
import { JOB_KINDS, type JobKind } from '../../shared/api/jobs';
import { forbiddenMessage, isPublic, JOB_PERMISSIONS, OUTSIDE_VILLAGES_MESSAGE, PERMISSIONS, roleMay } from '../../shared/api/permissions';
import { ERROR_MESSAGES } from '../../shared/messages';
import { dispatch } from '../../electron/core/api/dispatch';
import { createServices, type Services } from '../../electron/core/api/services';
import type { Caller } from '../../electron/core/auth/caller';
import { Core } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;
let householdId: number;
let form: ApiInput<'entry.save'>['form'];

beforeAll(async () => {
  core = new Core({ dbPath: path.join(tempDir('rasoat-matrix-'), 'matrix.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  seeded = seedSmall(core);
  services = createServices(core);
  householdId = core.db.sqlite.prepare('SELECT id FROM households WHERE village_id = ? ORDER BY id LIMIT 1').pluck().get(seeded.villageId) as number;
  const read = await dispatch(services, 'entry.form', { householdId }, { caller: callerOf('admin') });
  if (!read.ok) throw new Error(read.error.message);
  form = (read.value as { form: ApiInput<'entry.save'>['form'] }).form;
}, 120_000);
afterAll(async () => {
  await core.jobs.close();
  core.close();
});

const NOWHERE = 999_999;
const userIds: Record<Role, number> = { admin: 101, officer: 102, keyer: 103, leader: 104, viewer: 105 };
function callerOf(role: Role): Caller {
  return { userId: userIds[role], name: `matran.${role}`, fullName: `Ma trận ${role}`, role, villageIds: role === 'keyer' ? [seeded.villageId] : [] };
}

/**
 * A valid input of every method (each must pass the contract's schema, so that a refusal is the
 * permission's, not the input's). Destructive calls name things that do not exist. Typed by
 * method: a new method without a sample does not compile.
 */
function samples(): { [M in ApiMethod]: ApiInput<M> } {
  const { roundId, communeId, villageId } = seeded;
  return {
    'auth.status': {},
    'auth.login': { name: 'khong.co.ai', password: 'sai-mat-khau' },
    'auth.setupFirstAdmin': { name: 'quantri.moi', fullName: 'Quản trị mới', password: 'mat-khau-dai-1' },
    'auth.logout': {},
    'auth.changePassword': { oldPassword: 'khong-dung-1', newPassword: 'mat-khau-moi-1' },
    'users.list': {},
    'users.add': { name: 'matran.them', fullName: 'Người được thêm', role: 'viewer', password: 'mat-khau-dai-1', villageIds: [] },
    'users.update': { userId: NOWHERE, fullName: 'Không ai' },
    'users.resetPassword': { userId: NOWHERE, newPassword: 'mat-khau-dai-2' },
    'audit.list': {},
    'app.info': {},
    'ruleSets.list': {},
    'rulesets.pending': {},
    'rulesets.confirm': { id: 'khong-co', sha256: '0'.repeat(64) },
    'excel.ruleTable.template': {},
    'excel.ruleTable.load': { ruleSetId: 'khong-co', part: 'b1PointTable', upload: 'f'.repeat(32), document: 'Không có', date: '2025-01-01', verified: false },
    'backups.list': {},
    'backups.create': { label: 'matran' },
    'backups.restore': { name: 'rasoat-khong-co.sqlite' },
    'backups.encryption': {},
    'backups.setPassphrase': { passphrase: 'mat-khau-sao-luu-ma-tran' },
    'setup.status': {},
    'setup.office': { unitCode: '00000' },
    'units.find': { text: 'Bình Mỹ' },
    'villages.list': { communeId },
    'villages.add': { communeId: NOWHERE, type: 'thon', name: 'Thôn Không Có' },
    'villages.paste': { communeId: NOWHERE, text: 'Thôn Một', defaultType: 'thon', preview: true },
    'villages.import': { communeId: NOWHERE, upload: 'f'.repeat(32), defaultType: 'thon', preview: true },
    'villages.setArea': { villageId: NOWHERE, area: 'rural' },
    'rounds.delete': { roundId: NOWHERE },
    'rounds.list': {},
    'rounds.overview': {},
    'units.communes': { roundId },
    'units.villages': { roundId, communeId },
    'households.list': { roundId, villageId },
    'households.get': { householdId },
    'households.history': { householdId },
    'overview.get': { roundId, villageId },
    'overview.targets.list': {},
    'overview.targets.set': { communeCode: '99999', year: 2099, poorReduction: 1 },
    'overview.targets.delete': { communeCode: '99999', year: 2099 },
    'overview.targets.import': { upload: 'f'.repeat(32), preview: true },
    'province.receipts': { roundId },
    'province.recompute': { roundId: NOWHERE, communeId: NOWHERE },
    'income.get': { householdId },
    'income.save': { householdId, worksheet: { members: 1, lines: [] } },
    'requests.procedure': {},
    'requests.list': { communeId },
    'requests.monthly': { unitId: communeId, month: '2026-03' },
    'requests.add': { communeId: NOWHERE, headName: 'Ma trận', form: 'M01', purpose: 'poverty', receivedOn: '2020-01-01', receivedBy: 'x' },
    'requests.accept': { requestId: NOWHERE, roundId: NOWHERE, settledOn: '2026-01-01' },
    'requests.refuse': { requestId: NOWHERE, settledOn: '2026-01-01', reasons: ['x'] },
    'exchange.preview': { upload: 'f'.repeat(32), passphrase: 'mat-khau-bat-ky' },
    'exchange.import': { upload: 'f'.repeat(32), passphrase: 'mat-khau-bat-ky' },
    'households.update': { householdId, changes: {} },
    'rounds.start': { fromRoundId: NOWHERE, year: 2099, title: 'Không có', ruleSetId: 'vn-2022-2026', unitMapDate: '2099-01-01', referenceDate: '2099-01-01' },
    'rounds.plan': { year: 2099, fromRoundId: NOWHERE },
    'rounds.create': { year: 2099, fromRoundId: NOWHERE },
    'reform.queue': { roundId },
    'reform.assign': { roundId: NOWHERE, oldCommuneId: NOWHERE, oldVillageId: null, newCommuneId: NOWHERE },
    'jobs.start': samplesOfJob('excel.export'),
    'jobs.status': { jobId: 'zzzz-00000000' },
    'jobs.cancel': { jobId: 'zzzz-00000000' },
    'jobs.output': { jobId: 'zzzz-00000000' },
    'entry.layout': { roundId },
    'entry.form': { householdId },
    'entry.preview': { roundId, householdId, form },
    'entry.save': { roundId, householdId, form },
    'entry.next': { householdId },
    'entry.drafts.save': { key: 'draft:matran', roundId, householdId, body: { raw: {}, communeId, villageId } },
    'entry.drafts.get': { key: 'draft:matran' },
    'entry.drafts.list': { roundId },
    'entry.drafts.delete': { key: 'draft:khong-co' },
    'entry.warnings': { roundId },
    'entry.events.record': { householdId, kind: 'born', occurredOn: '2025-01-01', note: 'ma trận' },
    'entry.events.list': { householdId },
    'workflow.status': { roundId, communeId },
    'workflow.buildList': { roundId: NOWHERE, communeId: NOWHERE },
    'workflow.meeting': {
      roundId: NOWHERE,
      villageId: NOWHERE,
      heldOn: '2025-01-01',
      place: 'Nhà văn hoá',
      chair: 'Trưởng thôn',
      secretary: 'Thư ký',
      attendeesCount: 10,
      householdsPresent: 5,
      householdsListed: 5,
      agreedCount: 5,
    },
    'workflow.posting': { roundId: NOWHERE, communeId: NOWHERE, fromDate: '2025-01-01', toDate: '2025-01-08', places: 'Trụ sở' },
    'workflow.complaint': { roundId: NOWHERE, householdId: NOWHERE, receivedOn: '2025-01-01', content: 'Khiếu nại' },
    'workflow.recheck': { complaintId: NOWHERE, recheckedOn: '2025-01-02', result: 'Đúng' },
    'workflow.districtOpinion': { roundId: NOWHERE, communeId: NOWHERE, receivedOn: '2025-01-01', number: '1/UBND', content: 'Đồng ý' },
    'workflow.decision': { roundId: NOWHERE, communeId: NOWHERE, number: '45', signedOn: '2025-01-01', signerName: 'Chủ tịch', signerTitle: 'Chủ tịch' },
    'workflow.reopen': { roundId: NOWHERE, communeId: NOWHERE, reason: 'Sai sót' },
    'documents.units': { roundId },
    'documents.list': { roundId, unitId: communeId },
    'documents.officials.get': { communeId },
    'documents.officials.set': { communeId, officials: {} },
    'excel.template': { roundId, communeId },
    'guidance.get': { roundId },
    'published.current': { ruleSetId: 'vn-2022-2026' },
    'published.preview': { ruleSetId: 'khong-co-bo-nay', values: { postingDays: 3 }, document: { number: '1/QĐ', date: '2026-01-02' } },
    'published.save': { ruleSetId: 'khong-co-bo-nay', values: { postingDays: 3 }, document: { number: '1/QĐ', date: '2026-01-02' } },
  };
}

const roleRefusal = (e: Envelope<unknown>, role: Role, method: ApiMethod, kind?: JobKind): boolean =>
  !e.ok && e.error.code === 'FORBIDDEN' && e.error.message === forbiddenMessage(role, method, kind);

describe('the permissions table', () => {
  it('has a rule for every method of the contract, and only for those', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...API_METHODS].sort());
    expect(Object.keys(JOB_PERMISSIONS).sort()).toEqual([...JOB_KINDS].sort());
  });

  it('lets only the sign-in page call without a session', () => {
    expect(API_METHODS.filter(isPublic).sort()).toEqual(['auth.login', 'auth.setupFirstAdmin', 'auth.status']);
  });

  it("states a keyer's scope for every method a keyer may call", () => {
    for (const m of API_METHODS) {
      const rule = PERMISSIONS[m];
      if ('roles' in rule && rule.roles.includes('keyer')) expect([m, rule.keyer]).toEqual([m, expect.any(String)]);
    }
  });

  it('every sample input passes the contract (a refusal is the permission, not the input)', () => {
    const all = samples();
    for (const m of API_METHODS) expect([m, inputs[m].safeParse(all[m]).success]).toEqual([m, true]);
    expect(Object.keys(all).sort()).toEqual([...API_METHODS].sort());
  });
});

describe('every method × every role through the dispatcher', () => {
  for (const role of ROLES) {
    it(`${role}: FORBIDDEN exactly where the table says`, async () => {
      const all = samples();
      const wrong: string[] = [];
      for (const method of API_METHODS) {
        const cases: [ApiInput<ApiMethod>, JobKind | undefined][] =
          method === 'jobs.start' ? JOB_KINDS.map((k) => [samplesOfJob(k), k]) : [[all[method], undefined]];
        for (const [input, kind] of cases) {
          const e = await dispatch(services, method, input, { caller: callerOf(role) });
          const allowed = roleMay(role, method) && (kind === undefined || JOB_PERMISSIONS[kind].includes(role));
          // Never a contract refusal: the input is valid, so the answer is the permission's or the service's.
          if (!e.ok && e.error.code === 'INVALID_INPUT' && !allowed) wrong.push(`${method}${kind ? `/${kind}` : ''}: INVALID_INPUT ${e.error.message}`);
          if (allowed === roleRefusal(e, role, method, kind)) {
            wrong.push(`${method}${kind ? `/${kind}` : ''}: ${allowed ? 'refused' : 'allowed'} (${e.ok ? 'ok' : `${e.error.code} ${e.error.message}`})`);
          }
          // A keyer's allowed calls here all touch their own village: never refused as outside it.
          if (role === 'keyer' && !e.ok && e.error.message === OUTSIDE_VILLAGES_MESSAGE) wrong.push(`${method}: refused as outside the keyer's villages`);
        }
      }
      expect(wrong).toEqual([]);
    }, 300_000);
  }

  it('names the role and the action in Vietnamese', async () => {
    const e = await dispatch(services, 'backups.restore', { name: 'rasoat-x.sqlite' }, { caller: callerOf('viewer') });
    expect(e).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/^Vai trò "Xem" không được khôi phục bản sao lưu\./u) }) });
    const print = await dispatch(services, 'jobs.start', samplesOfJob('documents.render'), { caller: callerOf('viewer') });
    expect(!print.ok && print.error.message).toMatch(/^Vai trò "Xem" không được in biểu mẫu/u);
    // Classifying a round again is only the job (no direct call since rounds.classify went): refused at its start.
    for (const role of ROLES.filter((r) => !JOB_PERMISSIONS['rounds.reclassify'].includes(r))) {
      const reclassify = await dispatch(services, 'jobs.start', samplesOfJob('rounds.reclassify'), { caller: callerOf(role) });
      expect([role, !reclassify.ok && reclassify.error.code, !reclassify.ok && reclassify.error.message]).toEqual([role, 'FORBIDDEN', expect.stringMatching(/ không được phân loại lại các hộ\./u)]);
    }
  });

  it('answers UNAUTHENTICATED to every method but the three of the sign-in page without a caller', async () => {
    const all = samples();
    for (const method of API_METHODS) {
      const e = await dispatch(services, method, all[method], { caller: null });
      // (auth.login's own refusal of a wrong password is UNAUTHENTICATED too, with its own message.)
      const noSession = !e.ok && e.error.code === 'UNAUTHENTICATED' && e.error.message.startsWith(ERROR_MESSAGES.UNAUTHENTICATED);
      expect([method, noSession]).toEqual([method, !isPublic(method)]);
    }
  }, 120_000);
});

function samplesOfJob(kind: JobKind): ApiInput<'jobs.start'> {
  const input = {
    'documents.render': { roundId: NOWHERE, unitId: NOWHERE, doc: 'M02' },
    'documents.dossier': { roundId: NOWHERE, unitId: NOWHERE },
    'excel.export': { roundId: NOWHERE, unitId: NOWHERE, doc: 'DS' },
    'excel.import': { roundId: NOWHERE, unitId: NOWHERE, upload: 'f'.repeat(32), dryRun: true },
    'guidance.handbook': { roundId: NOWHERE },
    'rounds.reclassify': { roundId: NOWHERE },
    'exchange.export': { roundId: NOWHERE, communeId: NOWHERE, passphrase: 'mat-khau-bat-ky' },
    'exchange.importBatch': { packages: [{ upload: 'f'.repeat(32) }], passphrase: 'mat-khau-bat-ky' },
    'overview.report': { roundId: NOWHERE },
    'requests.letter': { requestId: NOWHERE },
    'requests.monthlyReport': { unitId: NOWHERE, month: '2026-03' },
  }[kind];
  return { kind, input } as ApiInput<'jobs.start'>;
}
