import type { authApiInputs } from '../../../shared/api/auth';
import type { Services, ServicesFor } from '../api/services';
import type { Core } from '../core';
import { AppError } from '../errors';
import { currentCaller } from './caller';
import { hashPassword, verifyPassword } from './passwords';
import { authOf, currentSlot, type SessionSlot } from './sessions';
import { createUser, listUsers, sessionUserOf, setPassword, updateUser, userById, userCount, userViewOf } from './users';

/**
 * The handlers of this area's calls (shared/api/auth.ts). Who may call which is checked before
 * (shared/api/permissions.ts, in the dispatcher); the session's token travels in the client's
 * slot (the HTTP cookie or the desktop window), never in an answer.
 */
export function authServices(core: Core): ServicesFor<Exclude<keyof typeof authApiInputs, 'audit.list'>> {
  const auth = () => authOf(core);
  const sqlite = () => core.db.sqlite;
  const nowIso = () => new Date(auth().now()).toISOString();
  const me = () => {
    const caller = currentCaller();
    if (!caller) throw new AppError('UNAUTHENTICATED', 'Bạn chưa đăng nhập: hãy đăng nhập trước.');
    return caller;
  };
  /** Where the session of a sign-in goes: the client's slot (a window, a browser's cookie). */
  const slotForSignIn = () => {
    const slot = currentSlot();
    if (!slot) throw new AppError('INVALID_INPUT', 'Đăng nhập phải qua cửa sổ của ứng dụng hoặc trình duyệt (không có nơi giữ phiên làm việc): hãy mở ứng dụng hoặc trang của máy chủ rồi đăng nhập ở đó.');
    return slot;
  };
  /** Signs the client in: its slot holds the new token (an old one ends). */
  const signIn = (slot: SessionSlot, token: string) => {
    auth().end(slot.token);
    slot.set(token);
  };
  const handlers: ServicesFor<Exclude<keyof typeof authApiInputs, 'audit.list'>> = {
    'auth.status': () => {
      const a = auth();
      const user = a.userOf(currentSlot()?.token, false);
      return {
        needsFirstAdmin: userCount(sqlite()) === 0,
        user: user ? sessionUserOf(sqlite(), user) : null,
        idleLockMinutes: a.idleMinutes,
        certificateFingerprint: a.certificateFingerprint,
      };
    },
    'auth.setupFirstAdmin': async ({ name, fullName, password }) => {
      const slot = slotForSignIn();
      const refuse = () => new AppError('FORBIDDEN', 'Đã có người dùng nên không tạo quản trị viên đầu tiên được nữa: hãy đăng nhập, hoặc nhờ quản trị viên thêm tài khoản cho bạn.');
      if (userCount(sqlite()) > 0) throw refuse();
      const hash = await hashPassword(password);
      // Checked again in the write: two first starts at once make one administrator.
      if (userCount(sqlite()) > 0) throw refuse();
      const user = createUser(sqlite(), { name, fullName, role: 'admin', passwordHash: hash }, name, nowIso());
      signIn(slot, auth().open(user.id));
      return sessionUserOf(sqlite(), user);
    },
    'auth.login': async ({ name, password }) => {
      const slot = slotForSignIn();
      const { token, user } = await auth().signIn(name, password);
      signIn(slot, token);
      return user;
    },
    'auth.logout': () => {
      const slot = currentSlot();
      auth().end(slot?.token);
      slot?.set(null);
      return null;
    },
    'auth.changePassword': async ({ oldPassword, newPassword }) => {
      const caller = me();
      const user = userById(sqlite(), caller.userId);
      if (!user) throw new AppError('UNAUTHENTICATED', 'Tài khoản không còn: hãy đăng nhập lại.');
      if (!(await verifyPassword(oldPassword, user.password_hash))) {
        throw new AppError('INVALID_INPUT', 'Mật khẩu hiện tại không đúng: hãy nhập lại mật khẩu đang dùng.', [{ path: 'oldPassword', message: 'Mật khẩu hiện tại không đúng.' }]);
      }
      if (oldPassword === newPassword) {
        throw new AppError('INVALID_INPUT', 'Mật khẩu mới phải khác mật khẩu cũ.', [{ path: 'newPassword', message: 'Mật khẩu mới phải khác mật khẩu cũ.' }]);
      }
      const changed = setPassword(sqlite(), user.id, await hashPassword(newPassword), 'change', caller.name, nowIso());
      // The user's other sessions (another PC, a forgotten window) end; this one stays.
      auth().endAllOf(user.id, currentSlot()?.token);
      return sessionUserOf(sqlite(), changed);
    },
    'users.list': () => listUsers(sqlite(), auth().now()),
    'users.add': async ({ name, fullName, role, password, villageIds }) => {
      const hash = await hashPassword(password);
      // A password chosen by the administrator is changed by its user at the first sign-in.
      const user = createUser(sqlite(), { name, fullName, role, passwordHash: hash, villageIds, mustChange: true }, core.actor, nowIso());
      return userViewOf(sqlite(), user, auth().now());
    },
    'users.update': ({ userId, ...changes }) => {
      const { user, rightsChanged } = updateUser(sqlite(), userId, changes, core.actor, nowIso());
      if (rightsChanged) auth().endAllOf(userId);
      return userViewOf(sqlite(), user, auth().now());
    },
    'users.resetPassword': async ({ userId, newPassword }) => {
      if (!userById(sqlite(), userId)) throw new AppError('NOT_FOUND', `Không có người dùng mã số ${userId}.`);
      const user = setPassword(sqlite(), userId, await hashPassword(newPassword), 'reset', core.actor, nowIso());
      auth().endAllOf(userId);
      return userViewOf(sqlite(), user, auth().now());
    },
  };
  // The handler is the same function in the full set of services (createServices spreads it in).
  coreOfHandler.set(handlers['auth.status'], core);
  return handlers;
}

const coreOfHandler = new WeakMap<object, Core>();

/** The Core a set of services (createServices) works on: the dispatcher resolves a keyer's villages and the owners of jobs with it. */
export function coreOfServices(services: Pick<Services, 'auth.status'>): Core | undefined {
  return coreOfHandler.get(services['auth.status']);
}
