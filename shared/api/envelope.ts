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

/** A refused input (a call of the contract, a job's input) in the one wording: where, and what is wrong. */
export function invalidInput(what: string, problems: readonly { path: readonly PropertyKey[]; message: string }[]): { message: string; issues: FieldIssue[] } {
  const issues = problems.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const shown = issues.slice(0, 3).map((i) => `${i.path || 'dữ liệu'}: ${i.message}`);
  const more = issues.length > shown.length ? `; và ${issues.length - shown.length} chỗ khác` : '';
  return { message: `Dữ liệu gửi cho ${what} chưa hợp lệ (${shown.join('; ')}${more}).`, issues };
}
