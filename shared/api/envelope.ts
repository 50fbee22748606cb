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
