import type { Selectable } from 'kysely';
import type { UserTable } from '../db/schema';
import type BetterSqlite3 from 'better-sqlite3';
import { ROLE_LABELS, type Role, type SessionUser, type UserView } from '../../../shared/api/auth';
import { writeAudit } from '../db/audit';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';

/**
 * The users of this database (migration 12): sign-in name, full name, role, the scrypt hash of
 * the password, whether it must be changed, whether the account is active, the failures and
 * lock of the sign-in. Every change is audited (entity "user"); a password is never written in
 * the audit trail, only that it changed.
 */

/** A row of the users table (migration 12). */
export type UserRecord = Selectable<UserTable>;

const COLUMNS = 'id, name, full_name, role, password_hash, must_change, active, failed_count, locked_until, last_login_at, created_at, updated_at';

export function userCount(sqlite: BetterSqlite3.Database): number {
  return (sqlite.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
}

export function userById(sqlite: BetterSqlite3.Database, id: number): UserRecord | undefined {
  return sqlite.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as UserRecord | undefined;
}

/** By sign-in name, case-insensitively (the column is COLLATE NOCASE). */
export function userByName(sqlite: BetterSqlite3.Database, name: string): UserRecord | undefined {
  return sqlite.prepare(`SELECT ${COLUMNS} FROM users WHERE name = ?`).get(name.trim()) as UserRecord | undefined;
}

export function villagesOfUser(sqlite: BetterSqlite3.Database, userId: number): number[] {
  return (sqlite.prepare('SELECT village_id FROM user_villages WHERE user_id = ? ORDER BY village_id').all(userId) as { village_id: number }[]).map((r) => r.village_id);
}

/** The commune (parent unit) of each of a user's villages. */
function villageCommunesOf(sqlite: BetterSqlite3.Database, userId: number): Record<number, number> {
  const rows = sqlite
    .prepare('SELECT uv.village_id AS v, u.parent_id AS c FROM user_villages uv JOIN units u ON u.id = uv.village_id WHERE uv.user_id = ? AND u.parent_id IS NOT NULL')
    .all(userId) as { v: number; c: number }[];
  return Object.fromEntries(rows.map((r) => [r.v, r.c]));
}

export function sessionUserOf(sqlite: BetterSqlite3.Database, u: UserRecord): SessionUser {
  return {
    id: u.id,
    name: u.name,
    fullName: u.full_name,
    role: u.role,
    villageIds: u.role === 'keyer' ? villagesOfUser(sqlite, u.id) : [],
    villageCommunes: u.role === 'keyer' ? villageCommunesOf(sqlite, u.id) : {},
    mustChangePassword: u.must_change === 1,
  };
}

export function userViewOf(sqlite: BetterSqlite3.Database, u: UserRecord, nowMs: number): UserView {
  return {
    ...sessionUserOf(sqlite, u),
    active: u.active === 1,
    lockedUntil: u.locked_until !== null && Date.parse(u.locked_until) > nowMs ? u.locked_until : null,
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
  };
}

export function listUsers(sqlite: BetterSqlite3.Database, nowMs: number): UserView[] {
  const rows = sqlite.prepare(`SELECT ${COLUMNS} FROM users ORDER BY name COLLATE NOCASE`).all() as UserRecord[];
  return rows.map((u) => userViewOf(sqlite, u, nowMs));
}

/** The villages given to a keyer must be villages (thôn, ấp, tổ dân phố) of the register. */
function checkVillages(sqlite: BetterSqlite3.Database, villageIds: readonly number[]): number[] {
  const unique = [...new Set(villageIds)];
  const check = sqlite.prepare("SELECT 1 FROM units WHERE id = ? AND level = 'village'");
  const missing = unique.filter((id) => !check.get(id));
  if (missing.length > 0) {
    throw new AppError('INVALID_INPUT', `Không có thôn, ấp, tổ dân phố nào mang mã số ${missing.join(', ')}: hãy chọn lại các thôn giao cho người nhập liệu.`, [
      { path: 'villageIds', message: `Không có thôn mã số ${missing.join(', ')}.` },
    ]);
  }
  return unique.sort((a, b) => a - b);
}

function setVillages(sqlite: BetterSqlite3.Database, userId: number, villageIds: readonly number[]): void {
  sqlite.prepare('DELETE FROM user_villages WHERE user_id = ?').run(userId);
  const insert = sqlite.prepare('INSERT INTO user_villages (user_id, village_id) VALUES (?, ?)');
  for (const v of villageIds) insert.run(userId, v);
}

export interface NewUser {
  name: string;
  fullName: string;
  role: Role;
  passwordHash: string;
  villageIds?: readonly number[];
  mustChange?: boolean;
}

/** Adds a user; a name already taken (whatever its case) is refused in Vietnamese. */
export function createUser(sqlite: BetterSqlite3.Database, user: NewUser, actor: string, nowIso: string): UserRecord {
  return writeTransaction(sqlite, () => {
    if (userByName(sqlite, user.name)) {
      throw new AppError('INVALID_INPUT', `Tên đăng nhập "${user.name}" đã có người dùng: hãy chọn tên khác.`, [{ path: 'name', message: 'Tên đăng nhập đã có.' }]);
    }
    const villages = user.role === 'keyer' ? checkVillages(sqlite, user.villageIds ?? []) : [];
    const id = Number(
      sqlite
        .prepare('INSERT INTO users (name, full_name, role, password_hash, must_change, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)')
        .run(user.name.trim(), user.fullName.trim(), user.role, user.passwordHash, user.mustChange ? 1 : 0, nowIso, nowIso).lastInsertRowid,
    );
    setVillages(sqlite, id, villages);
    writeAudit(sqlite, [
      { actor, entity: 'user', entityId: id, action: 'create', newValue: { name: user.name.trim(), fullName: user.fullName.trim(), role: user.role, villageIds: villages } },
    ]);
    return userById(sqlite, id)!;
  });
}

export interface UserChanges {
  fullName?: string | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
  villageIds?: readonly number[] | undefined;
}

/**
 * Changes a user's full name, role, active flag or (for a keyer) villages. The last active
 * administrator cannot be demoted or deactivated (nobody could manage the users any more).
 * Answers whether the change touches what the user may do (their sessions must end).
 */
export function updateUser(sqlite: BetterSqlite3.Database, userId: number, changes: UserChanges, actor: string, nowIso: string): { user: UserRecord; rightsChanged: boolean } {
  return writeTransaction(sqlite, () => {
    const old = userById(sqlite, userId);
    if (!old) throw new AppError('NOT_FOUND', `Không có người dùng mã số ${userId}.`);
    const role = changes.role ?? old.role;
    const active = changes.active === undefined ? old.active === 1 : changes.active;
    if (old.role === 'admin' && old.active === 1 && (role !== 'admin' || !active)) {
      const admins = (sqlite.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = 1").get() as { n: number }).n;
      if (admins <= 1) {
        throw new AppError(
          'INVALID_INPUT',
          `"${old.name}" là quản trị viên duy nhất còn hoạt động: hãy tạo hoặc bật một quản trị viên khác trước khi đổi vai trò hoặc khoá tài khoản này.`,
        );
      }
    }
    const audit: Parameters<typeof writeAudit>[1][number][] = [];
    const field = (name: string, before: unknown, after: unknown): void => {
      if (JSON.stringify(before) !== JSON.stringify(after)) audit.push({ actor, entity: 'user', entityId: userId, action: 'update', field: name, oldValue: before, newValue: after });
    };
    const fullName = changes.fullName?.trim() ?? old.full_name;
    field('full_name', old.full_name, fullName);
    field('role', old.role, role);
    field('active', old.active === 1, active);
    const oldVillages = villagesOfUser(sqlite, userId);
    let villages = oldVillages;
    if (role !== 'keyer') villages = [];
    else if (changes.villageIds !== undefined) villages = checkVillages(sqlite, changes.villageIds);
    field('villages', oldVillages, villages);
    if (audit.length === 0) return { user: old, rightsChanged: false };
    sqlite.prepare('UPDATE users SET full_name = ?, role = ?, active = ?, updated_at = ? WHERE id = ?').run(fullName, role, active ? 1 : 0, nowIso, userId);
    setVillages(sqlite, userId, villages);
    writeAudit(sqlite, audit);
    const rightsChanged = role !== old.role || active !== (old.active === 1) || JSON.stringify(villages) !== JSON.stringify(oldVillages);
    return { user: userById(sqlite, userId)!, rightsChanged };
  });
}

/**
 * Sets a new password hash. By an administrator (reset): the user must change it at the next
 * sign-in and any lock is lifted. By the user (change): the flag is cleared.
 */
export function setPassword(sqlite: BetterSqlite3.Database, userId: number, passwordHash: string, how: 'reset' | 'change', actor: string, nowIso: string): UserRecord {
  return writeTransaction(sqlite, () => {
    const old = userById(sqlite, userId);
    if (!old) throw new AppError('NOT_FOUND', `Không có người dùng mã số ${userId}.`);
    sqlite
      .prepare('UPDATE users SET password_hash = ?, must_change = ?, failed_count = 0, locked_until = NULL, updated_at = ? WHERE id = ?')
      .run(passwordHash, how === 'reset' ? 1 : 0, nowIso, userId);
    writeAudit(sqlite, [{ actor, entity: 'user', entityId: userId, action: how === 'reset' ? 'reset_password' : 'change_password' }]);
    return userById(sqlite, userId)!;
  });
}

/** Roles as typed on the command line: English or Vietnamese, with or without diacritics. */
export function roleOf(text: string): Role | null {
  const fold = (s: string): string =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/gu, '')
      .replace(/đ/giu, 'd')
      .toLowerCase()
      .replace(/[^a-z]/gu, '');
  const wanted = fold(text);
  const aliases: Record<Role, string[]> = {
    admin: ['admin', 'administrator', 'quantri', 'quantrivien'],
    officer: ['officer', 'canbo'],
    keyer: ['keyer', 'nhaplieu'],
    leader: ['leader', 'lanhdao'],
    viewer: ['viewer', 'xem'],
  };
  for (const [role, names] of Object.entries(aliases) as [Role, string[]][]) {
    if (names.includes(wanted) || fold(ROLE_LABELS[role]) === wanted) return role;
  }
  return null;
}
