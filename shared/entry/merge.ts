import type { RawForm } from './raw';

/**
 * Merging a form refused because someone else saved the household first (no lost update, issue
 * 12): the officer's typed values ("mine") beside the newer saved ones ("theirs"), field by field
 * for the fields that differ, each with a choice. With the form as it was when the officer opened
 * it ("base"), a field only one side changed starts on that side's value, and a field both
 * changed is marked `both` (starting on the officer's). Without a base every field starts on the
 * officer's value. Fields are the typed fields of shared/entry/raw.ts ("address", "m.1.fullName").
 */
export type MergeChoice = 'mine' | 'theirs';

export interface MergeField {
  path: string;
  mine: string;
  theirs: string;
  /** Both sides changed the field since the base (or no base is known). */
  both: boolean;
  /** Where it starts. */
  choice: MergeChoice;
}

/** The text of a field, an absent field being an empty box. */
const valueOf = (raw: RawForm, path: string): string => (raw.fields[path] ?? '').trim();

const ROW = /^m\.(\d+)\.(.+)$/u;

/**
 * A form's member rows put in the rows of `to`: a row editing a stored member goes to the row of
 * `to` that holds the same member ("m.<i>.id"), the others (new members, or members `to` no
 * longer has: kept as new rows, without their id) after the rows of `to`.
 */
export function alignRows(form: RawForm, to: RawForm): RawForm {
  const rowOfId = new Map<string, number>();
  for (let i = 0; i < to.rows; i++) {
    const id = to.fields[`m.${i}.id`];
    if (id) rowOfId.set(id, i);
  }
  const fields: Record<string, string> = {};
  const target = new Map<number, number>();
  let next = to.rows;
  for (let i = 0; i < form.rows; i++) {
    const id = form.fields[`m.${i}.id`];
    const at = id ? rowOfId.get(id) : undefined;
    target.set(i, at ?? next++);
  }
  for (const [path, value] of Object.entries(form.fields)) {
    const m = ROW.exec(path);
    if (!m) {
      fields[path] = value;
      continue;
    }
    const i = Number(m[1]);
    const at = target.get(i) ?? next + i;
    if (m[2] === 'id' && !rowOfId.has(value)) continue; // a member `to` no longer has: a new row
    fields[`m.${at}.${m[2]}`] = value;
  }
  return { fields, rows: Math.max(next, to.rows) };
}

/** The paths of both forms, in the order of the paper: household fields first, then member rows by row. */
function pathsOf(mine: RawForm, theirs: RawForm): string[] {
  const all = new Set([...Object.keys(mine.fields), ...Object.keys(theirs.fields)]);
  const rowOf = (p: string): number => {
    const m = ROW.exec(p);
    return m ? Number(m[1]) : -1;
  };
  return [...all].filter((p) => !/^m\.\d+\.id$/u.test(p)).sort((a, b) => rowOf(a) - rowOf(b));
}

/**
 * The fields that differ between the officer's form and the newer saved one, with where each
 * starts; member rows are matched by the member they edit, and reported in the rows of `theirs`.
 */
export function conflictFields(mine: RawForm, theirs: RawForm, base: RawForm | null): MergeField[] {
  const m0 = alignRows(mine, theirs);
  const b0 = base ? alignRows(base, theirs) : null;
  const out: MergeField[] = [];
  for (const path of pathsOf(m0, theirs)) {
    const m = valueOf(m0, path);
    const t = valueOf(theirs, path);
    if (m === t) continue;
    if (!b0) {
      out.push({ path, mine: m, theirs: t, both: true, choice: 'mine' });
      continue;
    }
    const b = valueOf(b0, path);
    const iChanged = m !== b;
    const theyChanged = t !== b;
    out.push({ path, mine: m, theirs: t, both: iChanged && theyChanged, choice: iChanged ? 'mine' : 'theirs' });
  }
  return out;
}

/**
 * The merged form: the newer saved form (its member ids and every field both agree on) with the
 * officer's value wherever the choice is "mine" (paths as conflictFields reports them). A field
 * not in `choices` keeps the officer's value.
 */
export function mergeRaw(mine: RawForm, theirs: RawForm, choices: Readonly<Record<string, MergeChoice>>): RawForm {
  const m0 = alignRows(mine, theirs);
  const fields: Record<string, string> = { ...theirs.fields };
  for (const path of pathsOf(m0, theirs)) {
    if ((choices[path] ?? 'mine') !== 'mine') continue;
    const v = m0.fields[path];
    if (v === undefined) delete fields[path];
    else fields[path] = v;
  }
  return { fields, rows: Math.max(m0.rows, theirs.rows) };
}
