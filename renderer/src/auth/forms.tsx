import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { PasswordSchema, UserNameSchema, type SessionUser } from '../../../shared/api/auth';
import { call } from '../api';
import { toCallError } from '../hooks/useApiValue';
import { messages } from '../messages';
import { authErrorText } from './errorText';
import { authMessages as t } from './messages';

/** The first problem zod finds with a value, in the schema's own Vietnamese, or null. */
const problem = (schema: typeof PasswordSchema | typeof UserNameSchema, value: string): string | null => {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? null);
};

interface FieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password';
  autoFocus?: boolean;
  autoComplete: string;
  hint?: string;
}

/** One labelled input of the sign-in forms (the app's .field look); the hint is its description, not its name. */
export function AuthField({ label, name, value, onChange, type = 'text', autoFocus, autoComplete, hint }: FieldProps) {
  const id = useId();
  return (
    <div className="field auth-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        autoFocus={autoFocus}
        autoComplete={autoComplete}
        spellCheck={false}
        autoCapitalize="off"
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
    </div>
  );
}

/** A form that submits with Enter, shows one Vietnamese problem at a time and disables itself while it works. */
function AuthForm({ submit, label, error, busy, children, extra }: { submit: () => void; label: string; error: string | null; busy: boolean; children: ReactNode; extra?: ReactNode }) {
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) submit();
  };
  return (
    <form className="auth-form" onSubmit={onSubmit} noValidate>
      {children}
      {error && (
        <p className="auth-error" role="alert">
          {error}
        </p>
      )}
      <div className="auth-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t.working : label}
        </button>
        {extra}
      </div>
    </form>
  );
}

/** Runs one call for a form: clears the old problem, keeps the Vietnamese text of a failure. */
function useSubmit() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(authErrorText(toCallError('auth.login', e)));
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, run };
}

/** The first start: no user exists, so the administrator is created (and signed in). */
export function FirstAdminForm({ onSignedIn }: { onSignedIn: (user: SessionUser) => void }) {
  const [name, setName] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const { error, setError, busy, run } = useSubmit();
  const submit = () => {
    const wrong = problem(UserNameSchema, name) ?? (fullName.trim() === '' ? 'Hãy nhập họ và tên.' : null) ?? problem(PasswordSchema, password) ?? (password !== again ? t.passwordsDiffer : null);
    if (wrong) return setError(wrong);
    void run(async () => onSignedIn(await call('auth.setupFirstAdmin', { name: name.trim(), fullName: fullName.trim(), password })));
  };
  return (
    <AuthForm submit={submit} label={t.firstAdminSubmit} error={error} busy={busy}>
      <AuthField label={t.name} name="name" value={name} onChange={setName} autoFocus autoComplete="username" hint={t.nameHint} />
      <AuthField label={t.fullName} name="fullName" value={fullName} onChange={setFullName} autoComplete="name" />
      <AuthField label={t.password} name="password" type="password" value={password} onChange={setPassword} autoComplete="new-password" hint={t.passwordHint} />
      <AuthField label={t.passwordAgain} name="passwordAgain" type="password" value={again} onChange={setAgain} autoComplete="new-password" />
    </AuthForm>
  );
}

/**
 * Signs in: name and password, Enter submits. With `fixedName` (the idle lock) only the password
 * is asked, for that user.
 */
export function LoginForm({ onSignedIn, fixedName, extra }: { onSignedIn: (user: SessionUser) => void; fixedName?: string; extra?: ReactNode }) {
  const [name, setName] = useState(fixedName ?? '');
  const [password, setPassword] = useState('');
  const { error, setError, busy, run } = useSubmit();
  const submit = () => {
    if (name.trim() === '') return setError(t.needName);
    if (password === '') return setError(t.needPassword);
    void run(async () => {
      try {
        onSignedIn(await call('auth.login', { name: name.trim(), password }));
      } finally {
        setPassword('');
      }
    });
  };
  return (
    <AuthForm submit={submit} label={fixedName ? t.unlock : t.loginSubmit} error={error} busy={busy} extra={extra}>
      {fixedName === undefined && <AuthField label={t.name} name="name" value={name} onChange={setName} autoFocus autoComplete="username" />}
      <AuthField label={t.password} name="password" type="password" value={password} onChange={setPassword} autoFocus={fixedName !== undefined} autoComplete="current-password" />
    </AuthForm>
  );
}

/** Changes the signed-in user's password (asked first after an administrator's reset). */
export function ChangePasswordForm({ onChanged, extra }: { onChanged: (user: SessionUser) => void; extra?: ReactNode }) {
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [again, setAgain] = useState('');
  const { error, setError, busy, run } = useSubmit();
  const submit = () => {
    if (oldPassword === '') return setError(t.needPassword);
    const wrong = problem(PasswordSchema, newPassword) ?? (newPassword !== again ? t.passwordsDiffer : null);
    if (wrong) return setError(wrong);
    void run(async () => onChanged(await call('auth.changePassword', { oldPassword, newPassword })));
  };
  return (
    <AuthForm submit={submit} label={t.changeSubmit} error={error} busy={busy} extra={extra}>
      <AuthField label={t.oldPassword} name="oldPassword" type="password" value={oldPassword} onChange={setOld} autoFocus autoComplete="current-password" />
      <AuthField label={t.newPassword} name="newPassword" type="password" value={newPassword} onChange={setNew} autoComplete="new-password" hint={t.passwordHint} />
      <AuthField label={t.passwordAgain} name="newPasswordAgain" type="password" value={again} onChange={setAgain} autoComplete="new-password" />
    </AuthForm>
  );
}

/** The LAN host's certificate fingerprint, to compare with the one the host PC shows. */
export function Fingerprint({ value }: { value: string | null }) {
  if (!value) return null;
  return (
    <p className="auth-fingerprint" data-testid="fingerprint">
      <span className="mono">{t.fingerprint(value)}</span>; {t.fingerprintHint}
    </p>
  );
}

/** A centred card over the app's title bar: the frame of every sign-in page. */
export function AuthPage({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <div className="app auth-app">
      <header className="top-bar">
        <h1 className="app-title">{messages.appTitle}</h1>
      </header>
      <main className="auth-main">
        <section className="auth-card" aria-labelledby="auth-title">
          <h2 id="auth-title">{title}</h2>
          {intro && <div className="muted auth-intro">{intro}</div>}
          {children}
        </section>
      </main>
    </div>
  );
}
