/**
 * Signing in (issue 12), through the dispatcher as both transports use it (a client's session
 * slot), with the clock injected: lockout after repeated failures and its slow-down, idle expiry,
 * changing one's password, the administrator's reset, deactivation and role changes ending sessions.
 */
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/envelope';
import { dispatch } from '../../electron/core/api/dispatch';
import { createServices, type Services } from '../../electron/core/api/services';
import { configureAuth, type Auth, type SessionSlot } from '../../electron/core/auth/sessions';
import { userByName } from '../../electron/core/auth/users';
import { Core } from '../../electron/core/core';
import { addTestUser, TEST_PASSWORD } from '../fixtures/session';
import { seedSmall } from '../fixtures/small-db';
import { reclassify, RESOURCES, tempDir } from '../helpers';

let core: Core;
let services: Services;
let auth: Auth;
let now = Date.parse('2026-03-02T08:00:00Z');
const MIN = 60_000;

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir('rasoat-auth-'), 'auth.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  seedSmall(core);
  services = createServices(core);
});
beforeEach(() => {
  auth = configureAuth(core, { now: () => now });
});
afterAll(async () => {
  await core.jobs.close();
  core.close();
});

/** A client (a browser, a window): its slot keeps the token the sign-in sets. */
function client() {
  let token: string | null = null;
  const slot: SessionSlot = {
    get token() {
      return token;
    },
    set: (t) => (token = t),
  };
  const send = <M extends ApiMethod>(method: M, input: ApiInput<M>) => dispatch(services, method, input, { auth, slot }) as Promise<Envelope<ApiOutput<M>>>;
  return { send, token: () => token };
}
const code = (e: Envelope<unknown>) => (e.ok ? 'ok' : e.error.code);
const message = (e: Envelope<unknown>) => (e.ok ? '' : e.error.message);

describe('the first start', () => {
  it('creates the administrator when no user exists, signs them in, and is refused after', async () => {
    const fresh = new Core({ dbPath: path.join(tempDir('rasoat-first-'), 'first.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
    try {
      const freshServices = createServices(fresh);
      const a = configureAuth(fresh, { now: () => now });
      let token: string | null = null;
      const slot: SessionSlot = { get token() { return token; }, set: (t) => (token = t) };
      const status = await dispatch(freshServices, 'auth.status', {}, { auth: a, slot });
      expect(status).toEqual({ ok: true, value: { needsFirstAdmin: true, user: null, idleLockMinutes: 15, certificateFingerprint: null } });
      const made = await dispatch(freshServices, 'auth.setupFirstAdmin', { name: 'quantri', fullName: 'Nguyễn Văn Quản', password: 'mat-khau-dai-1' }, { auth: a, slot });
      expect(made).toEqual({ ok: true, value: expect.objectContaining({ name: 'quantri', role: 'admin', mustChangePassword: false }) });
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/u); // 32 random bytes
      expect(JSON.stringify(made)).not.toContain(token!);
      expect(code(await dispatch(freshServices, 'users.list', {}, { auth: a, slot }))).toBe('ok');
      const again = await dispatch(freshServices, 'auth.setupFirstAdmin', { name: 'ke.gian', fullName: 'Kẻ gian', password: 'mat-khau-dai-2' }, { auth: a, slot: { token: null, set: () => {} } });
      expect(code(again)).toBe('FORBIDDEN');
      expect(userByName(fresh.db.sqlite, 'ke.gian')).toBeUndefined();
    } finally {
      fresh.close();
    }
  });
});

describe('signing in', () => {
  it('stores a salted scrypt hash, signs in with the right password (any case of the name), and the audit names the user', async () => {
    const u = await addTestUser(core, 'officer', { name: 'lan.nt' });
    const hash = userByName(core.db.sqlite, 'lan.nt')!.password_hash;
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/u);
    expect(hash).not.toContain(TEST_PASSWORD);
    const c = client();
    expect(code(await c.send('rounds.list', {}))).toBe('UNAUTHENTICATED');
    const signed = await c.send('auth.login', { name: 'LAN.NT', password: u.password });
    expect(signed).toEqual({ ok: true, value: expect.objectContaining({ name: 'lan.nt', role: 'officer' }) });
    expect(code(await c.send('rounds.list', {}))).toBe('ok');
    const hh = core.db.sqlite.prepare('SELECT id FROM households LIMIT 1').pluck().get() as number;
    expect(code(await c.send('households.update', { householdId: hh, changes: { address: 'Số 1, ấp Bình Hưng' } }))).toBe('ok');
    const actor = core.db.sqlite.prepare("SELECT actor FROM audit WHERE entity = 'household' AND field = 'address' ORDER BY id DESC LIMIT 1").pluck().get();
    expect(actor).toBe('lan.nt');
    expect(code(await c.send('auth.logout', {}))).toBe('ok');
    expect(c.token()).toBeNull();
    expect(code(await c.send('rounds.list', {}))).toBe('UNAUTHENTICATED');
  });

  it('slows repeated failures down, then locks the account for 15 minutes, saying until when (in Vietnamese)', async () => {
    const u = await addTestUser(core, 'officer', { name: 'binh.tv' });
    const c = client();
    const wrong = () => c.send('auth.login', { name: 'binh.tv', password: 'sai-mat-khau' });
    const right = () => c.send('auth.login', { name: 'binh.tv', password: u.password });
    expect(message(await wrong())).toMatch(/^Tên đăng nhập hoặc mật khẩu không đúng/u); // 1st
    expect(message(await wrong())).toMatch(/^Tên đăng nhập hoặc mật khẩu không đúng/u); // 2nd: the next must wait 1 s
    // Within the wait even the right password is refused, unchecked.
    expect(message(await right())).toMatch(/hãy đợi 1 giây rồi thử lại/u);
    now += 1000;
    expect(code(await wrong())).toBe('UNAUTHENTICATED'); // 3rd: wait 2 s
    now += 1000;
    expect(message(await wrong())).toMatch(/hãy đợi 1 giây/u); // still waiting: not counted
    now += 1000;
    expect(code(await wrong())).toBe('UNAUTHENTICATED'); // 4th: wait 4 s
    now += 4000;
    const locked = await wrong(); // 5th: locked
    // Vietnam time (UTC+7), whatever the machine's zone.
    const until = new Date(now + 15 * MIN + 7 * 60 * MIN);
    const hhmm = `${String(until.getUTCHours()).padStart(2, '0')}:${String(until.getUTCMinutes()).padStart(2, '0')}`;
    expect(message(locked)).toContain(`bị khoá đến ${hhmm} ngày`);
    expect(message(locked)).toMatch(/nhập sai mật khẩu 5 lần liên tiếp/iu);
    now += 14 * MIN;
    expect(message(await right())).toMatch(/đang bị khoá đến/u);
    expect((await services['users.list']({})).find((x) => x.name === 'binh.tv')!.lockedUntil).not.toBeNull();
    now += MIN + 1000;
    expect(code(await right())).toBe('ok');
    expect(userByName(core.db.sqlite, 'binh.tv')!.failed_count).toBe(0);
    const audit = core.db.sqlite.prepare("SELECT action FROM audit WHERE entity = 'user' AND actor = 'binh.tv' ORDER BY id").pluck().all();
    expect(audit).toEqual(['login_failed', 'login_failed', 'login_failed', 'login_failed', 'login_locked', 'login']);
  });

  it('answers an unknown name like a wrong password', async () => {
    const e = await client().send('auth.login', { name: 'khong.co.ai', password: 'gi-do-1234' });
    expect(message(e)).toMatch(/^Tên đăng nhập hoặc mật khẩu không đúng/u);
  });
});

describe('sessions', () => {
  it('lock after 15 minutes without activity; activity keeps them open; a session ends after 12 hours whatever', async () => {
    const u = await addTestUser(core, 'viewer');
    const c = client();
    await c.send('auth.login', { name: u.name, password: u.password });
    now += 14 * MIN;
    expect(code(await c.send('rounds.list', {}))).toBe('ok');
    now += 14 * MIN;
    // auth.status does not count as activity (a screen asking does not keep the PC unlocked)…
    expect((await c.send('auth.status', {})) as Envelope<{ user: unknown }>).toEqual({ ok: true, value: expect.objectContaining({ user: expect.objectContaining({ name: u.name }) }) });
    now += MIN;
    expect(((await c.send('auth.status', {})) as { value: { user: unknown } }).value.user).toBeNull();
    expect(code(await c.send('rounds.list', {}))).toBe('UNAUTHENTICATED');
    // The absolute limit.
    await c.send('auth.login', { name: u.name, password: u.password });
    for (let i = 0; i < 12 * 6; i++) {
      now += 10 * MIN;
      if (i < 12 * 6 - 1) expect(code(await c.send('rounds.list', {}))).toBe('ok');
    }
    expect(code(await c.send('rounds.list', {}))).toBe('UNAUTHENTICATED');
  });

  it('belong to one client: another client without the token is not signed in', async () => {
    const u = await addTestUser(core, 'viewer');
    const a = client();
    await a.send('auth.login', { name: u.name, password: u.password });
    const b = client();
    expect(code(await b.send('rounds.list', {}))).toBe('UNAUTHENTICATED');
    expect(code(await a.send('rounds.list', {}))).toBe('ok');
  });
});

describe('passwords', () => {
  it('a user changes their own password (the old one is checked); their other sessions end', async () => {
    const u = await addTestUser(core, 'officer');
    const here = client();
    const there = client();
    await here.send('auth.login', { name: u.name, password: u.password });
    await there.send('auth.login', { name: u.name, password: u.password });
    const bad = await here.send('auth.changePassword', { oldPassword: 'khong-dung-1', newPassword: 'mat-khau-moi-1' });
    expect(bad).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/Mật khẩu hiện tại không đúng/u) }) });
    expect(code(await here.send('auth.changePassword', { oldPassword: u.password, newPassword: 'mat-khau-moi-1' }))).toBe('ok');
    expect(code(await here.send('rounds.list', {}))).toBe('ok');
    expect(code(await there.send('rounds.list', {}))).toBe('UNAUTHENTICATED');
    expect(code(await client().send('auth.login', { name: u.name, password: u.password }))).toBe('UNAUTHENTICATED');
    expect(code(await client().send('auth.login', { name: u.name, password: 'mat-khau-moi-1' }))).toBe('ok');
  });

  it("the administrator's reset ends the user's sessions; the user must change it before anything else", async () => {
    const admin = await addTestUser(core, 'admin');
    const u = await addTestUser(core, 'officer');
    const a = client();
    await a.send('auth.login', { name: admin.name, password: admin.password });
    const victim = client();
    await victim.send('auth.login', { name: u.name, password: u.password });
    const reset = await a.send('users.resetPassword', { userId: u.id, newPassword: 'mat-khau-tam-1' });
    expect(reset).toEqual({ ok: true, value: expect.objectContaining({ name: u.name, mustChangePassword: true }) });
    expect(code(await victim.send('rounds.list', {}))).toBe('UNAUTHENTICATED');
    const again = client();
    expect(await again.send('auth.login', { name: u.name, password: 'mat-khau-tam-1' })).toEqual({ ok: true, value: expect.objectContaining({ mustChangePassword: true }) });
    const before = await again.send('rounds.list', {});
    expect(before).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/hãy đổi mật khẩu/u) }) });
    expect(code(await again.send('auth.changePassword', { oldPassword: 'mat-khau-tam-1', newPassword: 'mat-khau-rieng-1' }))).toBe('ok');
    expect(code(await again.send('rounds.list', {}))).toBe('ok');
    const audit = core.db.sqlite.prepare("SELECT actor, action FROM audit WHERE entity = 'user' AND entity_id = ? AND action LIKE '%password'").all(u.id);
    expect(audit).toEqual([{ actor: admin.name, action: 'reset_password' }, { actor: u.name, action: 'change_password' }]);
  });
});

describe('the administrator manages users', () => {
  it('deactivating a user or changing their role ends their sessions; a deactivated user cannot sign in', async () => {
    const admin = await addTestUser(core, 'admin');
    const a = client();
    await a.send('auth.login', { name: admin.name, password: admin.password });
    const u = await addTestUser(core, 'officer');
    const c = client();
    await c.send('auth.login', { name: u.name, password: u.password });
    expect(code(await a.send('users.update', { userId: u.id, role: 'viewer' }))).toBe('ok');
    expect(code(await c.send('rounds.list', {}))).toBe('UNAUTHENTICATED');
    await c.send('auth.login', { name: u.name, password: u.password });
    expect(code(await reclassify(c.send, { roundId: 1 }))).toBe('FORBIDDEN');
    expect(code(await a.send('users.update', { userId: u.id, active: false }))).toBe('ok');
    expect(code(await c.send('rounds.list', {}))).toBe('UNAUTHENTICATED');
    expect(message(await c.send('auth.login', { name: u.name, password: u.password }))).toMatch(/đã bị quản trị viên tắt/u);
  });

  it('a user added by the administrator must change the given password at the first sign-in', async () => {
    const admin = await addTestUser(core, 'admin');
    const a = client();
    await a.send('auth.login', { name: admin.name, password: admin.password });
    const added = await a.send('users.add', { name: 'moi.vao', fullName: 'Người Mới Vào', role: 'keyer', password: 'mat-khau-cap-1', villageIds: [] });
    expect(added).toEqual({ ok: true, value: expect.objectContaining({ name: 'moi.vao', role: 'keyer', mustChangePassword: true, active: true }) });
    const dup = await a.send('users.add', { name: 'MOI.VAO', fullName: 'Trùng tên', role: 'viewer', password: 'mat-khau-cap-1', villageIds: [] });
    expect(message(dup)).toMatch(/đã có người dùng/u);
  });

  it('the last active administrator cannot be demoted or deactivated', async () => {
    const fresh = new Core({ dbPath: path.join(tempDir('rasoat-lastadmin-'), 'a.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
    try {
      const only = await addTestUser(fresh, 'admin');
      const s = createServices(fresh);
      const caller = { userId: only.id, name: only.name, fullName: 'x', role: 'admin' as const, villageIds: [] };
      const e = await dispatch(s, 'users.update', { userId: only.id, role: 'officer' }, { caller });
      expect(message(e)).toMatch(/quản trị viên duy nhất/u);
    } finally {
      fresh.close();
    }
  });
});
