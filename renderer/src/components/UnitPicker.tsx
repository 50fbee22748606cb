import type { UnitSummary } from '../../../shared/api/contract';
import { unitBareName, unitName } from '../../../shared/domain/names';
import { formatNumberVi } from '../../../shared/text/format';
import { useApiValue } from '../hooks/useApiValue';
import { useChoice } from './choice';
import { Field } from './ui/Field';
import { Select } from './ui/Select';

const options = (units: readonly UnitSummary[] | undefined) =>
  (units ?? []).map((u) => ({ value: String(u.id), label: unitName(u), match: unitBareName(u), title: `${unitName(u)}: ${formatNumberVi(u.householdCount)} hộ` }));

interface Props {
  /** The first option ("Tất cả xã", "Chọn xã…"): choosing it clears the choice. */
  empty: string;
  label?: string;
  className?: string;
  disabled?: boolean;
  /** Called after the choice changed (a screen that resets its form). */
  onChosen?: (id: number | null) => void;
}

/** The commune drop-down of every screen: the round's communes, read and set in the shell's choice. */
export function CommunePicker({ empty, label = 'Xã/phường', className, disabled, onChosen }: Props) {
  const { roundId, communeId, setCommune } = useChoice();
  const communes = useApiValue('units.communes', { roundId });
  return (
    <Field label={label} className={className}>
      <Select
        aria-label={label}
        value={communeId === null ? '' : String(communeId)}
        empty={empty}
        disabled={disabled}
        options={options(communes.value)}
        onChange={(v) => {
          const id = v === '' ? null : Number(v);
          setCommune(id);
          onChosen?.(id);
        }}
      />
    </Field>
  );
}

/** The village drop-down: the chosen commune's villages (disabled until a commune is chosen). */
export function VillagePicker({ empty, label = 'Thôn/ấp', className, disabled, onChosen }: Props) {
  const { roundId, communeId, villageId, setVillage } = useChoice();
  const villages = useApiValue('units.villages', communeId === null ? null : { roundId, communeId });
  return (
    <Field label={label} className={className}>
      <Select
        aria-label={label}
        value={villageId === null ? '' : String(villageId)}
        empty={empty}
        disabled={disabled || communeId === null}
        title={communeId === null ? 'Chọn xã trước' : undefined}
        options={options(villages.value)}
        onChange={(v) => {
          const id = v === '' ? null : Number(v);
          setVillage(id);
          onChosen?.(id);
        }}
      />
    </Field>
  );
}

/** The chosen commune's name ("Xã Bình Mỹ"), or null. */
export function useChosenCommune(): UnitSummary | null {
  const { roundId, communeId } = useChoice();
  const communes = useApiValue('units.communes', { roundId });
  return communes.value?.find((c) => c.id === communeId) ?? null;
}
