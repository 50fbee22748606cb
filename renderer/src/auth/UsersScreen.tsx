import { useState, type FormEvent } from 'react';
import { PasswordSchema, ROLE_LABELS, ROLES, UserNameSchema, type Role, type UserView } from '../../../shared/api/auth';
import type { RoundSummary, UnitSummary } from '../../../shared/api/contract';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { dateTimeVi } from '../../../shared/entry/when';
import { toCallError, useApiValue } from '../hooks/useApiValue';
import { messages } from '../messages';
import { useSession } from './context';
import { authErrorText } from './errorText';
import { authMessages as t } from './messages';
import { currentRound, useVillages, type Villages } from './units';



/** A keyer's villages: ticked from the current round's communes (one commune at a time for a province). */
function VillagePicker({ villages, value, onChange, roundKnown }: { villages: Villages; value: readonly number[]; onChange: (ids: number[]) => void; roundKnown: boolean }) {
  const [communeId, setCommuneId] = useState<number | null>(null);
  const communes = villages.communes ?? [];
  const shown = communeId === null ? communes.slice(0, 20) : communes.filter((c) => c.id === communeId);
  const chosen = new Set(value);
  const toggle = (id: number, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange([...next].sort((a, b) => a - b));
  };
  return (
    <fieldset className="admin-villages">
      <legend>
        {t.villages} – {value.length === 0 ? t.noVillages : t.villageCount(value.length)}
      </legend>
      <p className="hint">{t.villagesHint}</p>
      {!roundKnown && <p className="muted">{t.noRound}</p>}
      {villages.error && <ErrorBanner error={villages.error} />}
      {communes.length > 20 && (
        <label className="field">
          <span>{t.filterCommune}</span>
          <select
            value={communeId ?? ''}
            onChange={(e) => {
              const id = e.target.value === '' ? null : Number(e.target.value);
              setCommuneId(id);
              if (id !== null) villages.load(id);
            }}
          >
            <option value="">–</option>
            {communes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.fullName}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="admin-village-list">
        {roundKnown && villages.loadingCommunes && <span className="muted">{t.villagesLoading}</span>}
        {shown.map((c) => (
          <VillageGroup key={c.id} commune={c} villages={villages.byCommune.get(c.id)} many={communes.length > 1} chosen={chosen} toggle={toggle} />
        ))}
      </div>
    </fieldset>
  );
}

function VillageGroup({ commune, villages, many, chosen, toggle }: { commune: UnitSummary; villages: readonly UnitSummary[] | undefined; many: boolean; chosen: ReadonlySet<number>; toggle: (id: number, on: boolean) => void }) {
  return (
    <>
      {many && <h4>{commune.fullName}</h4>}
      {!villages && <span className="muted">{t.villagesLoading}</span>}
      {villages?.map((v) => (
        <label key={v.id}>
          <input type="checkbox" checked={chosen.has(v.id)} onChange={(e) => toggle(v.id, e.target.checked)} /> {v.fullName}
        </label>
      ))}
    </>
  );
}

function RoleSelect({ value, onChange, autoFocus }: { value: Role; onChange: (role: Role) => void; autoFocus?: boolean }) {
  return (
    <label className="field">
      <span>{t.roleLabel}</span>
      <select name="role" value={value} autoFocus={autoFocus} onChange={(e) => onChange(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t.roleOption(r, t.roleHelp[r])}
          </option>
        ))}
      </select>
    </label>
  );
}

function TextField({ label, name, value, onChange, type = 'text', autoComplete = 'off', autoFocus }: { label: string; name: string; value: string; onChange: (v: string) => void; type?: string; autoComplete?: string; autoFocus?: boolean }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input name={name} type={type} value={value} autoComplete={autoComplete} autoFocus={autoFocus} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** Runs one administrator's call: the Vietnamese problem or the done message. */
function useAction() {
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      setDone(await work());
    } catch (e) {
      setProblem(authErrorText(toCallError('users.update', e)));
    } finally {
      setBusy(false);
    }
  };
  const feedback = (
    <>
      {problem && (
        <p className="auth-error" role="alert">
          {problem}
        </p>
      )}
      {done && (
        <p className="admin-ok" role="status">
          {done}
        </p>
      )}
    </>
  );
  return { run, busy, feedback, setProblem };
}

const firstProblem = (schema: typeof PasswordSchema | typeof UserNameSchema, value: string): string | null => {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? null);
};

function AddUser({ villages, roundKnown, onAdded }: { villages: Villages; roundKnown: boolean; onAdded: () => void }) {
  const [name, setName] = useState('');
  const [fullName, setFullName] = useState('');
  const [role, setRole] = useState<Role>('officer');
  const [password, setPassword] = useState('');
  const [villageIds, setVillageIds] = useState<number[]>([]);
  const { run, busy, feedback, setProblem } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wrong = firstProblem(UserNameSchema, name) ?? (fullName.trim() === '' ? 'Hãy nhập họ và tên.' : null) ?? firstProblem(PasswordSchema, password);
    if (wrong) return setProblem(wrong);
    void run(async () => {
      const added = await call('users.add', { name: name.trim(), fullName: fullName.trim(), role, password, villageIds: role === 'keyer' ? villageIds : [] });
      setName('');
      setFullName('');
      setPassword('');
      setVillageIds([]);
      onAdded();
      return t.added(added.name);
    });
  };
  return (
    <section className="admin-section" aria-labelledby="add-user-title">
      <h3 id="add-user-title">{t.addTitle}</h3>
      <form className="admin-form" onSubmit={submit} noValidate aria-label={t.addTitle}>
        <TextField label={t.name} name="name" value={name} onChange={setName} />
        <TextField label={t.fullName} name="fullName" value={fullName} onChange={setFullName} />
        <RoleSelect value={role} onChange={setRole} />
        <TextField label={t.password} name="password" type="password" autoComplete="new-password" value={password} onChange={setPassword} />
        {role === 'keyer' && <VillagePicker villages={villages} value={villageIds} onChange={setVillageIds} roundKnown={roundKnown} />}
        <button type="submit" className="primary" disabled={busy}>
          {t.addSubmit}
        </button>
      </form>
      {feedback}
    </section>
  );
}

function EditUser({ user, villages, roundKnown, onSaved, onClose }: { user: UserView; villages: Villages; roundKnown: boolean; onSaved: () => void; onClose: () => void }) {
  const [fullName, setFullName] = useState(user.fullName);
  const [role, setRole] = useState<Role>(user.role);
  const [active, setActive] = useState(user.active);
  const [villageIds, setVillageIds] = useState<number[]>(user.villageIds);
  const [password, setPassword] = useState('');
  const edit = useAction();
  const reset = useAction();
  const save = (e: FormEvent) => {
    e.preventDefault();
    void edit.run(async () => {
      const saved = await call('users.update', { userId: user.id, fullName: fullName.trim(), role, active, ...(role === 'keyer' ? { villageIds } : {}) });
      onSaved();
      return t.saved(saved.name);
    });
  };
  const resetPassword = (e: FormEvent) => {
    e.preventDefault();
    const wrong = firstProblem(PasswordSchema, password);
    if (wrong) return reset.setProblem(wrong);
    void reset.run(async () => {
      const saved = await call('users.resetPassword', { userId: user.id, newPassword: password });
      setPassword('');
      onSaved();
      return t.resetDone(saved.name);
    });
  };
  return (
    <section className="admin-section" aria-labelledby="edit-user-title" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <h3 id="edit-user-title">{t.editTitle(user.name)}</h3>
      <form className="admin-form" onSubmit={save} noValidate aria-label={t.editTitle(user.name)}>
        <TextField label={t.fullName} name="fullName" value={fullName} onChange={setFullName} autoFocus />
        <RoleSelect value={role} onChange={setRole} />
        <label className="admin-check">
          <input type="checkbox" name="active" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t.activeLabel}
        </label>
        {role === 'keyer' && <VillagePicker villages={villages} value={villageIds} onChange={setVillageIds} roundKnown={roundKnown} />}
        <div className="admin-actions">
          <button type="submit" className="primary" disabled={edit.busy}>
            {t.save}
          </button>
          <button type="button" onClick={onClose}>
            {messages.close}
          </button>
        </div>
      </form>
      {edit.feedback}
      <h3>{t.resetTitle}</h3>
      <p className="hint">{t.resetIntro}</p>
      <form className="admin-form" onSubmit={resetPassword} noValidate aria-label={t.resetTitle}>
        <TextField label={t.newPassword} name="newPassword" type="password" autoComplete="new-password" value={password} onChange={setPassword} />
        <button type="submit" disabled={reset.busy}>
          {t.resetSubmit}
        </button>
      </form>
      {reset.feedback}
    </section>
  );
}

function stateText(u: UserView): string {
  if (!u.active) return t.inactive;
  const parts: string[] = [t.active];
  if (u.lockedUntil) parts.push(t.lockedTill(dateTimeVi(u.lockedUntil)));
  if (u.mustChangePassword) parts.push(t.mustChange);
  return parts.join(' · ');
}

/** "Người dùng": the administrator adds users, changes their role, villages and access, resets passwords. */
export function UsersScreen({ rounds }: { rounds: readonly RoundSummary[] }) {
  const { user: me } = useSession();
  const users = useApiValue('users.list', {});
  const round = currentRound(rounds);
  const villages = useVillages(round?.id ?? null);
  const [editing, setEditing] = useState<number | null>(null);
  const editedUser = users.value?.find((u) => u.id === editing);
  const villageText = (u: UserView) =>
    u.role !== 'keyer' ? '' : u.villageIds.length === 0 ? t.noVillages : u.villageIds.map((id) => villages.names.get(id) ?? `#${id}`).join(', ');
  return (
    <div className="admin-screen">
      <header className="page-header">
        <h2>{t.usersTitle}</h2>
      </header>
      <p className="hint padded-x">{t.usersIntro}</p>
      {users.error && <ErrorBanner error={users.error} onRetry={users.retry} />}
      <section className="admin-section">
        <div className="table-scroll">
          <table className="data admin-table" aria-label={t.usersTitle}>
            <thead>
              <tr>
                <th>{t.columns.name}</th>
                <th>{t.columns.fullName}</th>
                <th>{t.columns.role}</th>
                <th>{t.columns.villages}</th>
                <th>{t.columns.state}</th>
                <th>{t.columns.lastLogin}</th>
                <th aria-label={t.edit} />
              </tr>
            </thead>
            <tbody>
              {users.value?.map((u) => (
                <tr key={u.id} className={[u.active ? '' : 'inactive', u.id === editing ? 'editing' : ''].join(' ').trim() || undefined}>
                  <td className="mono">
                    {u.name} {u.id === me.id && <span className="muted">{t.you}</span>}
                  </td>
                  <td>{u.fullName}</td>
                  <td>{ROLE_LABELS[u.role]}</td>
                  <td>{villageText(u)}</td>
                  <td>{stateText(u)}</td>
                  <td>{u.lastLoginAt ? dateTimeVi(u.lastLoginAt) : t.never}</td>
                  <td>
                    <button type="button" className="close-button" onClick={() => setEditing(u.id)} aria-label={t.editTitle(u.name)}>
                      {t.edit}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {users.loading && !users.value && <p className="muted">{messages.loading}</p>}
      </section>
      {editedUser && (
        <EditUser key={editedUser.id} user={editedUser} villages={villages} roundKnown={round !== null} onSaved={users.retry} onClose={() => setEditing(null)} />
      )}
      <AddUser villages={villages} roundKnown={round !== null} onAdded={users.retry} />
    </div>
  );
}
