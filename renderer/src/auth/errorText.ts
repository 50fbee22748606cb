import type { ApiCallError } from '../api';
import { messages } from '../messages';

/** Vietnamese letters beyond ASCII: a message written for the user rather than for a log. */
const VIETNAMESE = /[À-ỹđĐ]/u;

/**
 * What to tell the user when a sign-in or account call fails: the field problems the core named
 * (in Vietnamese), else the core's own Vietnamese sentence (a lockout says until when), else the
 * catalogue's text for the error code.
 */
export function authErrorText(error: ApiCallError): string {
  if (error.issues.length > 0) return [...new Set(error.issues.map((i) => i.message))].join(' ');
  // The core writes "tiếng Việt / English" for some errors: the Vietnamese half is the user's.
  const vietnamese = error.message.replace(/^[\w.]+: [A-Z_]+: /u, '').split(' / ')[0]!.trim();
  if (VIETNAMESE.test(vietnamese)) return vietnamese;
  return messages.errorMessage(error.code);
}
