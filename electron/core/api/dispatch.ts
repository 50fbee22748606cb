import { API_METHODS, inputs, type ApiMethod } from '../../../shared/api/contract';
import { fail, invalidInput, ok, type Envelope } from '../../../shared/api/envelope';
import type { JobKind } from '../../../shared/api/jobs';
import {
  BEFORE_PASSWORD_CHANGE,
  forbiddenMessage,
  MUST_CHANGE_PASSWORD_MESSAGE,
  OUTSIDE_VILLAGES_MESSAGE,
  PERMISSIONS,
  roleMay,
  roleMayStartJob,
} from '../../../shared/api/permissions';
import { ERROR_MESSAGES } from '../../../shared/messages';
import { nfcDeep } from '../../../shared/text/normalize';
import { RuleSetIncompleteError } from '../../../shared/engine/classify';
import { asCaller, currentCaller, type Caller } from '../auth/caller';
import { coreOfServices } from '../auth/services';
import { authOf, withSlot, type Auth, type SessionSlot } from '../auth/sessions';
import { AppError } from '../errors';
import type { Services } from './services';
import { busyError, isBusy } from '../db/write-transaction';

const isMethod = (m: unknown): m is ApiMethod => typeof m === 'string' && (API_METHODS as string[]).includes(m);

/**
 * Who makes a call. A transport gives its sign-in state and the client's slot (the HTTP cookie,
 * the desktop window): the caller is the slot's session, if live. A test gives the caller itself.
 * Given nothing, the caller is the one set by asCaller around the call, else nobody.
 */
export interface CallFrom {
  caller?: Caller | null;
  slot?: SessionSlot;
  /** The core's sign-in state: a keyer's villages are resolved and the owners of jobs kept with it (default: that of the services' core). */
  auth?: Auth;
}

function callerOf(from: CallFrom): Caller | null {
  if (from.caller !== undefined) return from.caller;
  if (from.auth && from.slot) return from.auth.callerOf(from.slot.token);
  return currentCaller() ?? null;
}

const forbidden = (message: string): Envelope<never> => fail('FORBIDDEN', message);

/**
 * Whether the caller may make this call (shared/api/permissions.ts): null when yes, else the
 * refusal. A keyer's call is resolved to the villages it touches.
 */
function refusal(method: ApiMethod, input: Record<string, unknown>, caller: Caller | null, from: CallFrom): Envelope<never> | null {
  const rule = PERMISSIONS[method];
  if ('public' in rule) return null;
  if (!caller) return fail('UNAUTHENTICATED', `${ERROR_MESSAGES.UNAUTHENTICATED} (${method})`);
  if (caller.mustChangePassword && !BEFORE_PASSWORD_CHANGE.includes(method)) return forbidden(MUST_CHANGE_PASSWORD_MESSAGE);
  // jobs.start is refused naming the kind of job (print, export, import).
  const kind = method === 'jobs.start' ? (input.kind as JobKind) : undefined;
  if (!roleMay(caller.role, method) || (kind && !roleMayStartJob(caller.role, kind))) return forbidden(forbiddenMessage(caller.role, method, kind));
  if (caller.role === 'keyer') {
    // Fail closed: a keyer's call with no stated scope, or with no way to resolve it, is refused.
    if (!rule.keyer) return forbidden(forbiddenMessage(caller.role, method));
    if (rule.keyer !== 'none' && (!from.auth || !from.auth.keyerMay(rule.keyer, input, caller.villageIds))) return forbidden(OUTSIDE_VILLAGES_MESSAGE);
  }
  if ((method === 'jobs.status' || method === 'jobs.cancel' || method === 'jobs.output') && from.auth && !from.auth.mayUseJob(caller, input.jobId as string)) {
    return fail('NOT_FOUND', `Không có công việc ${String(input.jobId)} của bạn (công việc do người khác bắt đầu chỉ người đó xem được).`);
  }
  return null;
}

/**
 * The one door both transports (Electron IPC and the HTTP host) go through: the method name is
 * checked, the input normalised to NFC and validated against the contract, the caller's right to
 * make the call checked (shared/api/permissions.ts), the service called as that caller (so the
 * audit trail names them), and every outcome returned as an envelope. Unexpected errors are
 * logged, never leaked raw.
 */
export async function dispatch(services: Services, method: unknown, rawInput: unknown, from: CallFrom = {}): Promise<Envelope<unknown>> {
  const open = isMethod(method) && 'public' in PERMISSIONS[method];
  // The sign-in page's calls need no session (and do not count as activity: auth.status reads the slot itself).
  const caller = open ? (from.caller ?? null) : callerOf(from);
  // Without a session, only the sign-in page's calls are answered (before even reading the method or the input).
  if (!caller && !open) return fail('UNAUTHENTICATED', `${ERROR_MESSAGES.UNAUTHENTICATED} (${String(method).slice(0, 60)})`);
  if (!isMethod(method)) return fail('UNKNOWN_METHOD', `${ERROR_MESSAGES.UNKNOWN_METHOD} (thao tác ${JSON.stringify(String(method).slice(0, 60))})`);
  const parsed = inputs[method].safeParse(nfcDeep(rawInput ?? {}));
  if (!parsed.success) {
    const refused = invalidInput(method, parsed.error.issues);
    return fail('INVALID_INPUT', refused.message, refused.issues);
  }
  const input = parsed.data as Record<string, unknown>;
  if (!from.auth) {
    const core = coreOfServices(services);
    if (core) from = { ...from, auth: authOf(core) };
  }
  try {
    const refused = refusal(method, input, caller, from);
    if (refused) return refused;
    const service = services[method] as (input: unknown) => unknown;
    const run = () => withSlot(from.slot, async () => await service(input));
    let value = await (caller ? asCaller(caller, run) : run());
    if (caller && from.auth) {
      if (method === 'jobs.start') from.auth.ownJob((value as { id: string }).id, caller);
      const rule = PERMISSIONS[method];
      if (caller.role === 'keyer' && 'roles' in rule && rule.keyer === 'drafts') {
        value = from.auth.keepKeyersDrafts(value as { householdId: number | null; body: unknown }[], caller.villageIds);
      }
    }
    return ok(value);
  } catch (e) {
    if (e instanceof AppError) return fail(e.code, e.message, e.issues);
    if (e instanceof RuleSetIncompleteError) return fail('RULESET_INCOMPLETE', e.message);
    // A single write that waited out the busy timeout: the same Vietnamese "try again" as a transaction.
    if (isBusy(e)) return fail('BUSY', busyError(e).message);
    console.error(`[rasoat] ${method} failed:`, e);
    return fail('INTERNAL', `Internal error in ${method}: ${(e as Error).message}`);
  }
}
