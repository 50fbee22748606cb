import { createContext, useContext } from 'react';
import type { SessionUser } from '../../../shared/api/auth';

/** The signed-in user and what the screens may ask of the session. */
export interface Session {
  user: SessionUser;
  /** Signs out and shows the sign-in page. */
  logout: () => void;
  /** Opens the change-password dialog. */
  changePassword: () => void;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user's session: every screen under the AuthGate has one. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the AuthGate');
  return session;
}
