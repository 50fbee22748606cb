import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ROLE_LABELS, type AuthStatus, type SessionUser } from '../../../shared/api/auth';
import { call, onSignedOut } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { useApiValue } from '../hooks/useApiValue';
import { messages } from '../messages';
import { SessionContext, type Session } from './context';
import { AuthPage, ChangePasswordForm, FirstAdminForm, Fingerprint, LoginForm } from './forms';
import { authMessages as t } from './messages';
import { useIdle } from './useIdle';
import './auth.css';

/** Why the screen is locked: the idle time passed, or the core answered that the session is gone. */
type Lock = 'idle' | 'expired';

/** Starts the app afresh: nothing of the previous user stays in memory. */
const reloadApp = () => window.location.reload();

/**
 * Nothing of the app shows before someone signs in. auth.status decides: the first start creates
 * the administrator; otherwise the sign-in page (with the LAN certificate's fingerprint); a
 * password reset by the administrator is changed first. Once in, the app stays mounted under the
 * idle lock, so what was typed is still there after the same user's password.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const status = useApiValue('auth.status', {});
  // Set by a sign-in on this page; until then the status's user (a session kept by the cookie).
  const [signedIn, setSignedIn] = useState<SessionUser | null>(null);
  const user = signedIn ?? status.value?.user ?? null;

  if (!status.value) {
    return (
      <AuthPage title={messages.appTitle}>
        {status.error ? <ErrorBanner error={status.error} onRetry={status.retry} /> : <p className="muted">{messages.loading}</p>}
      </AuthPage>
    );
  }
  if (!user && status.value.needsFirstAdmin) {
    return (
      <AuthPage title={t.firstAdminTitle} intro={<p>{t.firstAdminIntro}</p>}>
        <FirstAdminForm onSignedIn={setSignedIn} />
        <Fingerprint value={status.value.certificateFingerprint} />
      </AuthPage>
    );
  }
  if (!user) {
    return (
      <AuthPage title={t.loginTitle} intro={<p>{t.loginIntro}</p>}>
        <Fingerprint value={status.value.certificateFingerprint} />
        <LoginForm onSignedIn={setSignedIn} />
      </AuthPage>
    );
  }
  if (user.mustChangePassword) {
    return (
      <AuthPage title={t.changeTitle} intro={<p>{t.mustChangeIntro}</p>}>
        <p className="auth-who">{t.signedInAs(user.fullName, user.role)}</p>
        <ChangePasswordForm
          onChanged={setSignedIn}
          extra={
            <button type="button" onClick={() => void logout()}>
              {t.logout}
            </button>
          }
        />
      </AuthPage>
    );
  }
  return (
    <SignedIn user={user} status={status.value} onUser={setSignedIn}>
      {children}
    </SignedIn>
  );
}

/** Ends the session on the core, then starts the app afresh at the sign-in page. */
async function logout(): Promise<void> {
  try {
    await call('auth.logout', {});
  } finally {
    reloadApp();
  }
}

/** The app under a signed-in user: the session for the screens, the idle lock, the change-password dialog. */
function SignedIn({ user, status, onUser, children }: { user: SessionUser; status: AuthStatus; onUser: (user: SessionUser) => void; children: ReactNode }) {
  const [lock, setLock] = useState<Lock | null>(null);
  const [changing, setChanging] = useState(false);
  // Where the keyboard was when the screen locked: it goes back there after the password.
  const focusBefore = useRef<Element | null>(null);
  useEffect(() => {
    if (lock !== null || !(focusBefore.current instanceof HTMLElement)) return;
    focusBefore.current.focus();
    focusBefore.current = null;
  }, [lock]);
  const lockAs = useCallback((why: Lock) => {
    setLock((current) => {
      if (current === null) focusBefore.current = document.activeElement;
      return current ?? why;
    });
  }, []);

  const lockNow = useCallback(() => {
    lockAs('idle');
    // The session ends on the core too: nobody can use it from this PC while it is locked.
    call('auth.logout', {}).catch(() => undefined);
  }, [lockAs]);
  useIdle(status.idleLockMinutes, lock === null, lockNow);
  // A call answered "no session" (expired on the core, signed out elsewhere): the same lock.
  useEffect(() => onSignedOut(() => lockAs('expired')), [lockAs]);

  const session: Session = useMemo(() => ({ user, logout: () => void logout(), changePassword: () => setChanging(true) }), [user]);

  return (
    <SessionContext.Provider value={session}>
      <div className="auth-workspace" inert={lock !== null || changing} aria-hidden={lock !== null ? true : undefined}>
        {children}
      </div>
      {changing && lock === null && (
        <div className="auth-overlay" role="dialog" aria-modal="true" aria-labelledby="change-title" onKeyDown={(e) => e.key === 'Escape' && setChanging(false)}>
          <section className="auth-card">
            <h2 id="change-title">{t.changeTitle}</h2>
            <p className="auth-who">{t.signedInAs(user.fullName, user.role)}</p>
            <ChangePasswordForm
              onChanged={(u) => {
                onUser(u);
                setChanging(false);
              }}
              extra={
                <button type="button" onClick={() => setChanging(false)}>
                  {t.cancel}
                </button>
              }
            />
          </section>
        </div>
      )}
      {lock !== null && <LockScreen user={user} lock={lock} minutes={status.idleLockMinutes} fingerprint={status.certificateFingerprint} onUnlocked={(u) => {
        onUser(u);
        setLock(null);
      }} />}
    </SessionContext.Provider>
  );
}

/**
 * The locked screen over the app: the same user's password continues where they were; another
 * user signing in starts the app afresh (nothing of the previous user's work shows to them).
 */
function LockScreen({ user, lock, minutes, fingerprint, onUnlocked }: { user: SessionUser; lock: Lock; minutes: number; fingerprint: string | null; onUnlocked: (user: SessionUser) => void }) {
  const [other, setOther] = useState(false);
  const signedIn = (u: SessionUser) => (u.id === user.id ? onUnlocked(u) : reloadApp());
  return (
    <div className="auth-overlay auth-lock" role="dialog" aria-modal="true" aria-labelledby="lock-title">
      <section className="auth-card">
        <h2 id="lock-title">{t.lockTitle}</h2>
        <p className="muted auth-intro">{lock === 'idle' ? t.lockIntro(user.fullName, minutes) : t.expiredIntro(user.fullName)}</p>
        <p className="auth-who">
          {user.name} – {user.fullName} ({ROLE_LABELS[user.role]})
        </p>
        <Fingerprint value={fingerprint} />
        {other ? (
          <>
            <p className="notice auth-notice">{t.otherUserHint}</p>
            <LoginForm key="other" onSignedIn={signedIn} extra={<button type="button" onClick={() => setOther(false)}>{t.cancel}</button>} />
          </>
        ) : (
          <LoginForm
            key="same"
            fixedName={user.name}
            onSignedIn={signedIn}
            extra={
              <button type="button" onClick={() => setOther(true)}>
                {t.otherUser}
              </button>
            }
          />
        )}
      </section>
    </div>
  );
}
