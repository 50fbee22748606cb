import type { RoundSummary } from '../../../shared/api/contract';
import { roundName } from '../../../shared/domain/names';
import { formatNumberVi } from '../../../shared/text/format';
import { useChoice } from './choice';
import { Field } from './ui/Field';
import { Select } from './ui/Select';

interface Props {
  rounds: readonly RoundSummary[];
  label?: string;
  className?: string;
}

/** The round drop-down of every screen: reads and sets the shell's chosen round. */
export function RoundPicker({ rounds, label = 'Đợt rà soát', className }: Props) {
  const { roundId, setRound } = useChoice();
  return (
    <Field label={label} className={className ?? 'field-round'}>
      <Select
        aria-label={label}
        value={String(roundId)}
        onChange={(v) => setRound(Number(v))}
        options={rounds.map((r) => ({
          value: String(r.id),
          label: `${roundName(r)}${r.locked ? ' (đã khoá)' : ''}`,
          title: `${roundName(r)}: ${formatNumberVi(r.householdCount)} hộ, bộ tiêu chí ${r.ruleSetId}`,
        }))}
      />
    </Field>
  );
}
