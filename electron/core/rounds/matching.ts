/**
 * How a household is found again in another round (spec/standard.md §5): by its household code,
 * else by its head's ID number. The one statement of that rule: the classification's history
 * (transitions) and the report's "diễn biến" tables (start of period, khác giảm, people) match
 * through it.
 */
export class HouseholdIndex<T> {
  private readonly byCode = new Map<string, T[]>();
  private readonly byHeadId = new Map<string, T[]>();

  /** Files a value under a household's code and its head's ID number (values of one key keep their order). */
  add(code: string, headIdNumber: string | null, value: T): void {
    push(this.byCode, code, value);
    if (headIdNumber) push(this.byHeadId, headIdNumber, value);
  }

  /** The values filed under the household's code; failing that, under its head's ID number. */
  find(code: string, headIdNumber: string | null): readonly T[] | undefined {
    return this.byCode.get(code) ?? (headIdNumber ? this.byHeadId.get(headIdNumber) : undefined);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
