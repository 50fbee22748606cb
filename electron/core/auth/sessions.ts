import { formatTimeOnDateVi } from '../../../shared/text/format';
import crypto from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SessionUser } from '../../../shared/api/auth';
import type { Core } from '../core';
import { writeAudit } from '../db/audit';
import { AppError } from '../errors';
import type { KeyerScope } from '../../../shared/api/permissions';
import type { Caller } from './caller';
import { keepKeyersDrafts, keyerMay } from './scope';
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from './passwords';
import { sessionUserOf, userById, userByName, villagesOfUser, type UserRecord } from './users';

/**
 * Signing in and the sessions of one Core (both transports share them). Sessions live in memory
 * only (a restart signs everybody out): a random 32-byte token per session, carried by the HTTP
 * host in an HttpOnly cookie and by the desktop app per window. A session ends after a while
 * without activity (a shared office PC locks), and after a maximum age whatever the activity.
 *
 * Repeated wrong passwords slow down, then lock the account: after the 2nd failure in a row the
 * next attempt must wait 1 s, then 2, 4 s…; the 5th locks the account for 15 minutes (the
 * message says until when). Attempts during a wait are refused without checking the password.
 * A right password resets the count.
 */
export interface AuthOptions {
  /** Milliseconds since the epoch (injectable for tests). */
  now?: () => number;
  /** Minutes without a call after which a session ends (default 15). */
  idleMinutes?: number;
  /** Hours after which a session ends whatever the activity (default 12). */
  maxHours?: number;
  /** Failures in a row that lock the account (default 5). */
  lockAfter?: number;
  /** Minutes the account stays locked (default 15). */
  lockMinutes?: number;
  /** SHA-256 fingerprint of the LAN host's certificate, shown on the sign-in page (null: not HTTPS). */
  certificateFingerprint?: string | null;
}

interface Session {
  userId: number;
  createdAt: number;
  lastSeen: number;
}

/** Where a client keeps its session: the HTTP host's cookie, or the desktop window. */
export interface SessionSlot {
  readonly token: string | null;
  /** Sets (sign-in) or clears (sign-out) this client's token. */
  set(token: string | null): void;
}

const slots = new AsyncLocalStorage<SessionSlot>();

/** Runs fn with the client's session slot (dispatch does, for auth.login, auth.logout…). */
export function withSlot<T>(slot: SessionSlot | undefined, fn: () => T): T {
  return slot ? slots.run(slot, fn) : fn();
}

export function currentSlot(): SessionSlot | undefined {
  return slots.getStore();
}

/** "14:07 ngày 05/02/2026" on the office's clock (shared/text/format.ts). */
export const viTime = (ms: number): string => formatTimeOnDateVi(ms);

const WRONG = 'Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra lại (chú ý chữ hoa, chữ thường và bộ gõ tiếng Việt).';

export class Auth {
  readonly now: () => number;
  readonly idleMs: number;
  readonly maxMs: number;
  readonly lockAfter: number;
  readonly lockMs: number;
  certificateFingerprint: string | null;
  private readonly sessions = new Map<string, Session>();
  /** Who started each job (its id) through a transport. */
  private readonly jobOwners = new Map<string, number>();

  constructor(
    private readonly core: Core,
    options: AuthOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.idleMs = (options.idleMinutes ?? 15) * 60_000;
    this.maxMs = (options.maxHours ?? 12) * 3_600_000;
    this.lockAfter = options.lockAfter ?? 5;
    this.lockMs = (options.lockMinutes ?? 15) * 60_000;
    this.certificateFingerprint = options.certificateFingerprint ?? null;
  }

  get idleMinutes(): number {
    return this.idleMs / 60_000;
  }

  private get sqlite() {
    return this.core.db.sqlite;
  }

  private iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  /** Seconds to wait after `failed` failures in a row before the next attempt (0: none). */
  private waitAfter(failed: number): number {
    return failed < 2 ? 0 : 2 ** (failed - 2);
  }

  /** Checks the name and password; on success opens a session and answers its token. */
  async signIn(name: string, password: string): Promise<{ token: string; user: SessionUser }> {
    const user = userByName(this.sqlite, name);
    if (!user) {
      await dummyVerify(password);
      throw new AppError('UNAUTHENTICATED', WRONG);
    }
    const now = this.now();
    const lockedUntil = user.locked_until ? Date.parse(user.locked_until) : 0;
    if (lockedUntil > now) {
      if (user.failed_count >= this.lockAfter) {
        throw new AppError(
          'UNAUTHENTICATED',
          `Tài khoản "${user.name}" đang bị khoá đến ${viTime(lockedUntil)} vì nhập sai mật khẩu ${user.failed_count} lần liên tiếp. Hãy thử lại sau thời điểm đó, hoặc nhờ quản trị viên đặt lại mật khẩu.`,
        );
      }
      const seconds = Math.ceil((lockedUntil - now) / 1000);
      throw new AppError('UNAUTHENTICATED', `Đã nhập sai mật khẩu ${user.failed_count} lần liên tiếp: hãy đợi ${seconds} giây rồi thử lại.`);
    }
    const right = await verifyPassword(password, user.password_hash);
    // Read again after the (slow) check: another attempt may have counted a failure meanwhile.
    const fresh = userById(this.sqlite, user.id);
    if (!fresh) throw new AppError('UNAUTHENTICATED', WRONG);
    if (!right) {
      const failed = fresh.failed_count + 1;
      const at = this.now();
      const locks = failed >= this.lockAfter;
      const until = locks ? at + this.lockMs : at + this.waitAfter(failed) * 1000;
      this.sqlite.prepare('UPDATE users SET failed_count = ?, locked_until = ? WHERE id = ?').run(failed, until > at ? this.iso(until) : null, user.id);
      writeAudit(this.sqlite, [{ actor: user.name, entity: 'user', entityId: user.id, action: locks ? 'login_locked' : 'login_failed', newValue: { failures: failed } }]);
      if (locks) {
        throw new AppError(
          'UNAUTHENTICATED',
          `Nhập sai mật khẩu ${failed} lần liên tiếp: tài khoản "${user.name}" bị khoá đến ${viTime(until)}. Hãy thử lại sau thời điểm đó, hoặc nhờ quản trị viên đặt lại mật khẩu.`,
        );
      }
      throw new AppError('UNAUTHENTICATED', WRONG);
    }
    if (fresh.active !== 1) {
      throw new AppError('UNAUTHENTICATED', `Tài khoản "${user.name}" đã bị quản trị viên tắt: hãy liên hệ quản trị viên nếu bạn vẫn cần dùng phần mềm.`);
    }
    this.sqlite.prepare('UPDATE users SET failed_count = 0, locked_until = NULL, last_login_at = ? WHERE id = ?').run(this.iso(), user.id);
    if (needsRehash(fresh.password_hash)) this.sqlite.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(await hashPassword(password), user.id);
    writeAudit(this.sqlite, [{ actor: user.name, entity: 'user', entityId: user.id, action: 'login' }]);
    return { token: this.open(user.id), user: sessionUserOf(this.sqlite, userById(this.sqlite, user.id)!) };
  }

  /** Opens a session for a user (sign-in, first administrator) and answers its token. */
  open(userId: number): string {
    const token = crypto.randomBytes(32).toString('base64url');
    const now = this.now();
    this.sessions.set(token, { userId, createdAt: now, lastSeen: now });
    return token;
  }

  end(token: string | null | undefined): void {
    if (token) this.sessions.delete(token);
  }

  /** Ends every session of a user (role changed, deactivated, password reset). */
  endAllOf(userId: number, except?: string | null): void {
    for (const [token, s] of this.sessions) if (s.userId === userId && token !== except) this.sessions.delete(token);
  }

  /**
   * The user of a live session, or null (unknown, idle too long, too old, user gone or
   * deactivated). touch: this call counts as activity (auth.status does not, so a screen that
   * asks whether it is still signed in does not keep an idle session alive).
   */
  userOf(token: string | null | undefined, touch: boolean): UserRecord | null {
    if (!token) return null;
    const s = this.sessions.get(token);
    if (!s) return null;
    const now = this.now();
    if (now - s.lastSeen >= this.idleMs || now - s.createdAt >= this.maxMs) {
      this.sessions.delete(token);
      return null;
    }
    const user = userById(this.sqlite, s.userId);
    if (!user || user.active !== 1) {
      this.sessions.delete(token);
      return null;
    }
    if (touch) s.lastSeen = now;
    return user;
  }

  /** The caller of a call made with this token (counts as activity), or null. */
  callerOf(token: string | null | undefined): Caller | null {
    const user = this.userOf(token, true);
    if (!user) return null;
    return {
      userId: user.id,
      name: user.name,
      fullName: user.full_name,
      role: user.role,
      villageIds: user.role === 'keyer' ? villagesOfUser(this.sqlite, user.id) : [],
      mustChangePassword: user.must_change === 1,
    };
  }

  /** Whether a keyer with these villages may make a call of this scope (auth/scope.ts). */
  keyerMay(scope: KeyerScope, input: Record<string, unknown>, villages: readonly number[]): boolean {
    return keyerMay(this.sqlite, scope, input, villages);
  }

  keepKeyersDrafts<T extends { householdId: number | null; body: unknown }>(rows: readonly T[], villages: readonly number[]): T[] {
    return keepKeyersDrafts(this.sqlite, rows, villages);
  }

  /** Records who started a job: its status, cancel and files are theirs (and the administrators'). */
  ownJob(jobId: string, caller: Caller): void {
    this.jobOwners.set(jobId, caller.userId);
  }

  /** Whether the caller may see or cancel a job: theirs, or any for an administrator. */
  mayUseJob(caller: Caller, jobId: string): boolean {
    return caller.role === 'admin' || this.jobOwners.get(jobId) === caller.userId;
  }

  /** Number of live sessions (tests, diagnostics). */
  get sessionCount(): number {
    return this.sessions.size;
  }
}

const auths = new WeakMap<Core, Auth>();

/** The sign-in state of a Core, made with the default options on first use. */
export function authOf(core: Core): Auth {
  let auth = auths.get(core);
  if (!auth) {
    auth = new Auth(core);
    auths.set(core, auth);
  }
  return auth;
}

/** Sets the options of a Core's sign-in (the clock in tests, the LAN certificate's fingerprint); ends its sessions. */
export function configureAuth(core: Core, options: AuthOptions): Auth {
  const auth = new Auth(core, options);
  auths.set(core, auth);
  return auth;
}
