import type { HouseholdDetail } from '../../../shared/api/contract';
import { EMPLOYMENT_LABELS, RELATION_LABELS, SCHOOLING_LABELS, SEX_LABELS } from '../../../shared/domain/household';
import { formatDateVi, formatNumberVi } from '../../../shared/text/format';
import { messages } from '../messages';

const columns = messages.memberColumns;
const dash = messages.notAvailable;

/** The household roster as on the form, labels from the shared domain maps. */
export function MemberTable({ members }: { members: HouseholdDetail['members'] }) {
  if (members.length === 0) return <p className="muted">{messages.noMembers}</p>;
  return (
    <div className="table-scroll">
      <table className="data-table members">
        <thead>
          <tr>
            <th className="num">{columns.seq}</th>
            <th>{columns.fullName}</th>
            <th>{columns.relation}</th>
            <th>{columns.sex}</th>
            <th>{columns.birthDate}</th>
            <th className="num">{columns.age}</th>
            <th>{columns.idNumber}</th>
            <th>{columns.ethnicity}</th>
            <th>{columns.healthInsurance}</th>
            <th>{columns.schooling}</th>
            <th>{columns.employment}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id}>
              <td className="num">{member.seq}</td>
              <td className="strong">{member.fullName}</td>
              <td>{RELATION_LABELS[member.relation]}</td>
              <td>{SEX_LABELS[member.sex]}</td>
              <td>{formatDateVi(member.birthDate) || dash}</td>
              <td className="num">{member.age === null ? dash : formatNumberVi(member.age)}</td>
              <td className="mono">{member.idNumber ?? dash}</td>
              <td>{member.ethnicity || dash}</td>
              <td>{messages.yesNo(member.healthInsurance) || dash}</td>
              <td>{member.schooling ? SCHOOLING_LABELS[member.schooling] : dash}</td>
              <td>{member.employment ? EMPLOYMENT_LABELS[member.employment] : dash}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
