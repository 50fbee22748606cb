import { useEffect, useState } from 'react';
import type { HouseholdRow } from '../../../shared/api/contract';
import { fold } from '../../../shared/text/fold';
import { call } from '../api';

/**
 * Which member a search found. The list's rows name only the head; a household found by another
 * member's name or CCCD shows that member beside the head ("Nguyễn Văn An · khớp: Trần Thị Bê").
 * The list API does not say which member matched (HouseholdRow has no such field), so the
 * household's members are read for the rows on screen whose head does not match, once each.
 */
const membersOf = new Map<number, Promise<{ fullName: string; idNumber: string | null }[]>>();

const words = (search: string): string[] => fold(search).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** The search's words, in order, at the start of words of the name (the list's own rule for names). */
function nameMatches(name: string, search: string): boolean {
  const wanted = words(search);
  if (wanted.length === 0) return false;
  const have = fold(name).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  for (let i = 0; i + wanted.length <= have.length; i++) {
    if (wanted.every((w, j) => (j === wanted.length - 1 ? have[i + j]!.startsWith(w) : have[i + j] === w))) return true;
  }
  return false;
}

const digits = (search: string): string | null => (/^[\d-]{3,}$/u.test(search.trim()) ? search.trim() : null);

/** True when the search finds the household by its head (or its code): nothing more to say. */
export function matchesHead(row: HouseholdRow, search: string): boolean {
  const d = digits(search);
  if (d !== null) return row.code.startsWith(d) || (row.headIdNumber ?? '').startsWith(d);
  return nameMatches(row.headName, search);
}

export function MatchedMember({ row, search }: { row: HouseholdRow; search: string }) {
  const [member, setMember] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let members = membersOf.get(row.id);
    if (!members) {
      members = call('households.get', { householdId: row.id }).then((h) => h.members.map((m) => ({ fullName: m.fullName, idNumber: m.idNumber ?? null })));
      membersOf.set(row.id, members);
      // A failed read is asked again next time (the row still shows its head).
      members.catch(() => membersOf.delete(row.id));
    }
    members.then(
      (list) => {
        const d = digits(search);
        const hit = list.find((m) => (d !== null ? (m.idNumber ?? '').startsWith(d) : nameMatches(m.fullName, search)));
        if (live) setMember(hit ? hit.fullName : null);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [row.id, search]);
  const text = member ? `${row.headName} · khớp: ${member}` : row.headName;
  return (
    <span className="matched-member" title={text}>
      {row.headName}
      {member && <small> · khớp: {member}</small>}
    </span>
  );
}
