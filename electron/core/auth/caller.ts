import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '../../../shared/api/auth';

/**
 * Who is making the current call: set by the dispatcher for the length of one contract call (both
 * transports), read by the core wherever it records who acted (Core.actor, the audit trail). The
 * command line and the tests, with no session, act as the Core's configured actor.
 */
export interface Caller {
  userId: number;
  /** The sign-in name, written in the audit trail. */
  name: string;
  fullName: string;
  role: Role;
  /** A keyer's villages. */
  villageIds: readonly number[];
  /** Set by an administrator's reset: until the password is changed, only signing out and changing it are allowed. */
  mustChangePassword?: boolean;
}

const current = new AsyncLocalStorage<Caller>();

/** Runs fn as caller (for the length of the call, awaits included). */
export function asCaller<T>(caller: Caller, fn: () => T): T {
  return current.run(caller, fn);
}

/** The caller of the contract call being served, if any. */
export function currentCaller(): Caller | undefined {
  return current.getStore();
}
