/** Every call across the process boundary answers with this envelope, never a thrown error. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'DB_TOO_NEW',
  'DB_OPEN_FAILED',
  'RULESET_INCOMPLETE',
  'RULESET_INVALID',
  'ROUND_LOCKED',
  'BACKUP_FAILED',
  'BUSY',
  'LIMIT_REACHED',
  'DISK_FULL',
  'READ_ONLY',
  'INTERNAL',
  /** No signed-in session (HTTP 401): sign in first. */
  'UNAUTHENTICATED',
  /** Signed in, but this user's role (or assigned villages) does not allow the call (HTTP 403). */
  'FORBIDDEN',
  /** A save based on an older version of the record: someone else changed it since (nothing lost: kept as a draft). */
  'CONFLICT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  path: string;
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  /** Technical detail for logs; the user-facing text is chosen from the catalogue by code. */
  message: string;
  issues?: FieldIssue[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Envelope<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, issues?: FieldIssue[]): Envelope<never> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});
