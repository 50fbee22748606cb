/**
 * Calls of this area: users, roles, signing in and the audit trail (issue 12). Merged into the
 * contract (contract.ts). Which role may call which method is stated once, in permissions.ts.
 */
import { z } from 'zod';
import { IsoDateSchema } from '../entry/form';
import { Id } from './common';

export const ROLES = ['admin', 'officer', 'keyer', 'leader', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** The roles as the office names them. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Quản trị',
  officer: 'Cán bộ',
  keyer: 'Nhập liệu',
  leader: 'Lãnh đạo',
  viewer: 'Xem',
};

/** A sign-in name: letters, digits, dot, dash, underscore (no diacritics, so it can be typed anywhere). */
export const UserNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{3,40}$/u, { error: 'Tên đăng nhập gồm 3–40 chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.' });
export const PasswordSchema = z
  .string()
  .min(8, { error: 'Mật khẩu phải có ít nhất 8 ký tự.' })
  .max(200, { error: 'Mật khẩu dài quá 200 ký tự.' });
const FullNameSchema = z.string().trim().min(1, { error: 'Hãy nhập họ và tên.' }).max(100, { error: 'Họ và tên dài quá 100 ký tự.' });
const RoleSchema = z.enum(ROLES);

export const authApiInputs = {
  /** Who is signed in on this window/browser (null: nobody), whether the first administrator must still be created, the idle lock and the LAN certificate's fingerprint. Callable without a session. */
  'auth.status': z.object({}),
  /** The first start: creates the administrator and signs them in. Refused once any user exists. Callable without a session. */
  'auth.setupFirstAdmin': z.object({ name: UserNameSchema, fullName: FullNameSchema, password: PasswordSchema }),
  /** Signs in. Repeated failures slow down, then lock the account for a while. Callable without a session. */
  'auth.login': z.object({ name: z.string().trim().min(1).max(40), password: z.string().min(1).max(200) }),
  'auth.logout': z.object({}),
  'auth.changePassword': z.object({ oldPassword: z.string().min(1).max(200), newPassword: PasswordSchema }),
  'users.list': z.object({}),
  'users.add': z.object({ name: UserNameSchema, fullName: FullNameSchema, role: RoleSchema, password: PasswordSchema, villageIds: z.array(Id).max(2000).default([]) }),
  'users.update': z.object({
    userId: Id,
    fullName: FullNameSchema.optional(),
    role: RoleSchema.optional(),
    active: z.boolean().optional(),
    /** A keyer's villages (the only ones they may key). */
    villageIds: z.array(Id).max(2000).optional(),
  }),
  /** The administrator sets a new password; the user must change it at the next sign-in. */
  'users.resetPassword': z.object({ userId: Id, newPassword: PasswordSchema }),
  /** The audit trail for administrators, newest first, filterable by user, dates, unit and household. */
  'audit.list': z.object({
    actor: z.string().max(40).optional(),
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
    unitId: Id.optional(),
    householdId: Id.optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  }),
} as const;

/** The signed-in user as the screens see them. */
export interface SessionUser {
  id: number;
  name: string;
  fullName: string;
  role: Role;
  /** A keyer's villages; empty for the other roles. */
  villageIds: number[];
  /** The commune of each of a keyer's villages (by village id), so that their screens open on them. */
  villageCommunes: Record<number, number>;
  /** Set by an administrator's reset: the user is asked for a new password first. */
  mustChangePassword: boolean;
}

export interface AuthStatus {
  /** No user exists yet: the first start creates the administrator. */
  needsFirstAdmin: boolean;
  user: SessionUser | null;
  /** Minutes without activity after which the session locks. */
  idleLockMinutes: number;
  /** SHA-256 fingerprint of the LAN host's certificate (AA:BB:…), null when not served over HTTPS. */
  certificateFingerprint: string | null;
}

export interface UserView extends SessionUser {
  active: boolean;
  /** Locked after repeated failures until this time (ISO), or null. */
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

/** One row of the audit trail, with its Vietnamese reading. */
export interface AuditView {
  id: number;
  at: string;
  /** The sign-in name, and the user's full name when known. */
  actor: string;
  actorFullName: string | null;
  entity: string;
  entityId: number | null;
  action: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  unitId: number | null;
  /** What happened, in Vietnamese (labels, not codes). */
  text: string;
}

export interface AuditPage {
  rows: AuditView[];
  total: number;
}

export interface AuthApiOutputs {
  'auth.status': AuthStatus;
  'auth.setupFirstAdmin': SessionUser;
  'auth.login': SessionUser;
  'auth.logout': null;
  'auth.changePassword': SessionUser;
  'users.list': UserView[];
  'users.add': UserView;
  'users.update': UserView;
  'users.resetPassword': UserView;
  'audit.list': AuditPage;
}
