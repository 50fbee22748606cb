import { HTTP_API_PREFIX } from '../../shared/api/channels';
import type { ApiInput, ApiMethod, ApiOutput, ApiTransport } from '../../shared/api/contract';
import { ERROR_CODES, type Envelope, type ErrorCode, type FieldIssue } from '../../shared/api/envelope';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the renderer is served by the local HTTP host. */
    api?: ApiTransport;
  }
}

/** Failures the renderer detects itself, before any envelope arrives. */
export type ClientErrorCode = 'TRANSPORT';
export type CallErrorCode = ErrorCode | ClientErrorCode;

/** A call that answered `{ ok: false }`, or never answered: the code picks the Vietnamese message. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';

  constructor(
    readonly method: ApiMethod,
    readonly code: CallErrorCode,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(`${method}: ${code}: ${message}`);
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'code' in error && KNOWN_CODES.has(String(error.code));
}

/** The browser transport: the local HTTP host answers POST /api/<method> with the envelope. */
const httpTransport: ApiTransport = {
  async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<Envelope<ApiOutput<M>>> {
    const response = await fetch(HTTP_API_PREFIX + method, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    // The host answers errors with a non-2xx status and an envelope body: read the body either way.
    const body: unknown = await response.json().catch(() => null);
    if (!isEnvelope(body)) {
      throw new ApiCallError(method, 'TRANSPORT', `HTTP ${response.status}: the answer is not an envelope`);
    }
    return body as Envelope<ApiOutput<M>>;
  },
};

function transport(): ApiTransport {
  return window.api ?? httpTransport;
}

/** Calls one method of the contract and unwraps its envelope; throws ApiCallError on failure. */
export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  let envelope: Envelope<ApiOutput<M>>;
  try {
    envelope = await transport().call(method, input);
  } catch (cause) {
    if (cause instanceof ApiCallError) throw cause;
    throw new ApiCallError(method, 'TRANSPORT', cause instanceof Error ? cause.message : String(cause));
  }
  if (envelope.ok) return envelope.value;
  const { code, message, issues } = envelope.error;
  throw new ApiCallError(method, code, message, issues ?? []);
}
