import { HTTP_API_PREFIX, HTTP_JOB_FILE_PREFIX, HTTP_UPLOAD_PATH } from '../../shared/api/channels';
import type { ApiInput, ApiMethod, ApiOutput, ApiTransport } from '../../shared/api/contract';
import { ERROR_CODES, fail, ok, type Envelope, type ErrorCode, type FieldIssue } from '../../shared/api/envelope';
import { MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE_MESSAGE, type FileTransport, type JobFileBytes, type UploadReceipt } from '../../shared/api/files';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the renderer is served by the local HTTP host. */
    api?: ApiTransport & FileTransport;
  }
}

/** The file doors beside the contract's methods (an upload in, a job's file out). */
export type FileDoor = 'files.upload' | 'files.jobFile';

/** Failures the renderer detects itself, before any envelope arrives. */
export type ClientErrorCode = 'TRANSPORT';
export type CallErrorCode = ErrorCode | ClientErrorCode;

/** A call that answered `{ ok: false }`, or never answered: the code picks the Vietnamese message. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';

  constructor(
    readonly method: ApiMethod | FileDoor,
    readonly code: CallErrorCode,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(`${method}: ${code}: ${message}`);
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/**
 * Sessions end (idle lock, sign-out in another tab, the host restarted, an administrator changed
 * the role): every answer UNAUTHENTICATED to a call made while signed in is told to the listeners,
 * so the app shows its sign-in screen (what was being typed stays in its draft). A failed sign-in
 * itself (auth.login, auth.setupFirstAdmin) is not: the sign-in screen shows its own message.
 */
type SignedOutListener = (info: { method: ApiMethod | FileDoor; message: string }) => void;
const signedOutListeners = new Set<SignedOutListener>();

/** Listens for the end of the session; answers the function that stops listening. */
export function onSignedOut(listener: SignedOutListener): () => void {
  signedOutListeners.add(listener);
  return () => {
    signedOutListeners.delete(listener);
  };
}

const SIGN_IN_CALLS: ReadonlySet<string> = new Set<ApiMethod>(['auth.login', 'auth.setupFirstAdmin', 'auth.status']);

function noticeSignedOut(method: ApiMethod | FileDoor, envelope: Envelope<unknown>): void {
  if (envelope.ok || envelope.error.code !== 'UNAUTHENTICATED' || SIGN_IN_CALLS.has(method)) return;
  for (const listener of [...signedOutListeners]) listener({ method, message: envelope.error.message });
}

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
      // The session cookie (HttpOnly, SameSite=Strict) goes with every call to this host.
      credentials: 'same-origin',
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

/** The body of an answer that is an envelope, or null (a proxy's page, a cut connection). */
async function envelopeOf(response: Response): Promise<Envelope<unknown> | null> {
  const body: unknown = await response.json().catch(() => null);
  return isEnvelope(body) ? body : null;
}

/**
 * The browser's file doors: the file is the raw body of a POST (the browser streams it from
 * disk, the host counts it to disk), and a job's file is a plain GET streamed from the host's disk.
 */
const httpFiles: FileTransport = {
  async upload(name, bytes) {
    return uploadBody(name, new Blob([bytes]));
  },
  async jobFile(jobId, name) {
    const response = await fetch(`${HTTP_JOB_FILE_PREFIX}${encodeURIComponent(jobId)}/${encodeURIComponent(name)}`);
    if (!response.ok) {
      const refusal = await envelopeOf(response);
      return refusal && !refusal.ok ? refusal : fail('NOT_FOUND', `HTTP ${response.status}`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    return ok({ name, mime: response.headers.get('content-type') ?? 'application/octet-stream', bytes });
  },
};

async function uploadBody(name: string, body: Blob): Promise<Envelope<UploadReceipt>> {
  const response = await fetch(`${HTTP_UPLOAD_PATH}?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body,
  });
  const envelope = await envelopeOf(response);
  if (!envelope) return fail('INTERNAL', `HTTP ${response.status}: the answer is not an envelope`);
  if (!envelope.ok) return envelope;
  const value = envelope.value;
  if (typeof value === 'object' && value !== null && 'upload' in value && 'size' in value && typeof value.upload === 'string' && typeof value.size === 'number') {
    return ok({ upload: value.upload, size: value.size });
  }
  return fail('INTERNAL', 'The upload answer has no upload id');
}

function transport(): ApiTransport {
  return window.api ?? httpTransport;
}

/** Unwraps a file door's envelope like call() does; throws ApiCallError on failure. */
async function unwrap<T>(door: FileDoor, run: () => Promise<Envelope<T>>): Promise<T> {
  let envelope: Envelope<T>;
  try {
    envelope = await run();
  } catch (cause) {
    throw new ApiCallError(door, 'TRANSPORT', cause instanceof Error ? cause.message : String(cause));
  }
  noticeSignedOut(door, envelope);
  if (envelope.ok) return envelope.value;
  const { code, message, issues } = envelope.error;
  throw new ApiCallError(door, code, message, issues ?? []);
}

/**
 * Sends a file the officer chose to the core and returns its upload id (a job's input refers to
 * it). Over the one limit it is refused here, before a byte travels, with the same message the
 * core would give.
 */
export function uploadFile(file: File): Promise<UploadReceipt> {
  return unwrap('files.upload', async () => {
    if (file.size > MAX_UPLOAD_BYTES) return fail('INVALID_INPUT', UPLOAD_TOO_LARGE_MESSAGE, [{ path: 'file', message: UPLOAD_TOO_LARGE_MESSAGE }]);
    const api = window.api;
    // The desktop app hands the bytes over IPC; the browser streams the file itself.
    return api ? api.upload(file.name, new Uint8Array(await file.arrayBuffer())) : uploadBody(file.name, file);
  });
}

/** A file a finished job wrote, its bytes fetched through the transport's file door. */
export function fetchJobFile(jobId: string, name: string): Promise<JobFileBytes> {
  return unwrap('files.jobFile', () => (window.api ?? httpFiles).jobFile(jobId, name));
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
  noticeSignedOut(method, envelope);
  if (envelope.ok) return envelope.value;
  const { code, message, issues } = envelope.error;
  throw new ApiCallError(method, code, message, issues ?? []);
}
