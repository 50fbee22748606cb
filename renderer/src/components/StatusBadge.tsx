import type { Status } from '../../../shared/engine/ruleset';
import { messages } from '../messages';
import { Badge } from './ui/Badge';

/** A household's class in its colour; `label` overrides the glossary label (e.g. the API's). */
export function StatusBadge({ status, label }: { status: Status | null; label?: string }) {
  return <Badge tone={status ?? 'none'} text={label ?? messages.statusText(status)} />;
}
