import type { ErrorCode, FieldIssue } from '../../shared/api/envelope';

/** An expected failure with a code from the contract; it becomes an error envelope at the edge. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}
