import { API_METHODS, inputs, type ApiMethod } from '../../../shared/api/contract';
import { fail, ok, type Envelope } from '../../../shared/api/envelope';
import { nfcDeep } from '../../../shared/text/normalize';
import { RuleSetIncompleteError } from '../../../shared/engine/classify';
import { AppError } from '../errors';
import type { Services } from './services';
import { busyError, isBusy } from '../db/write-transaction';

const isMethod = (m: unknown): m is ApiMethod => typeof m === 'string' && (API_METHODS as string[]).includes(m);

/**
 * The one door both transports (Electron IPC and the HTTP host) go through: the method name is
 * checked, the input normalised to NFC and validated against the contract, the service called,
 * and every outcome returned as an envelope. Unexpected errors are logged, never leaked raw.
 */
export async function dispatch(services: Services, method: unknown, rawInput: unknown): Promise<Envelope<unknown>> {
  if (!isMethod(method)) return fail('UNKNOWN_METHOD', `Unknown method ${JSON.stringify(method)}`);
  const parsed = inputs[method].safeParse(nfcDeep(rawInput ?? {}));
  if (!parsed.success) {
    return fail(
      'INVALID_INPUT',
      `Invalid input for ${method}`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  try {
    const service = services[method] as (input: unknown) => unknown;
    return ok(await service(parsed.data));
  } catch (e) {
    if (e instanceof AppError) return fail(e.code, e.message, e.issues);
    if (e instanceof RuleSetIncompleteError) return fail('RULESET_INCOMPLETE', e.message);
    // A single write that waited out the busy timeout: the same Vietnamese "try again" as a transaction.
    if (isBusy(e)) return fail('BUSY', busyError(e).message);
    console.error(`[rasoat] ${method} failed:`, e);
    return fail('INTERNAL', `Internal error in ${method}: ${(e as Error).message}`);
  }
}
