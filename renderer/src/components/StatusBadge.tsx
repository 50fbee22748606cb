import type { Status } from '../../../shared/engine/ruleset';
import { messages } from '../messages';

/** A household's class in its colour; `label` overrides the glossary label (e.g. the API's). */
export function StatusBadge({ status, label }: { status: Status | null; label?: string }) {
  return <span className={`badge badge-${status ?? 'none'}`}>{label ?? messages.statusText(status)}</span>;
}
