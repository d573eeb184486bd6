import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, setCsrfToken, setUnauthenticatedHandler } from '../api/client.ts';
import type { LoginResponse, SessionResponse, SessionUser } from '../api/types.ts';

/** Where the user stands: the shell shows login, MFA steps or the app accordingly. */
export type AuthState =
  | { kind: 'loading' }
  | { kind: 'anonymous'; expired?: boolean }
  | { kind: 'mfa'; step: 'verify' | 'enrol' | 'password'; user: SessionUser | null }
  | { kind: 'ready'; user: SessionUser };

export interface Auth {
  state: AuthState;
  /** Re-reads `GET /api/auth/session`. */
  refresh: () => Promise<AuthState>;
  /** Throws ApiError on failure (invalid_credentials, account_locked, rate_limited, ...). */
  login: (email: string, password: string) => Promise<AuthState>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

function fromSession(s: SessionResponse): AuthState {
  setCsrfToken(s.csrfToken);
  if (s.mfa === 'ok') return { kind: 'ready', user: s.user };
  return { kind: 'mfa', step: s.mfa, user: s.user };
}

async function readSession(): Promise<AuthState> {
  try {
    return fromSession(await api.get<SessionResponse>('/auth/session', { expect401: true }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return { kind: 'anonymous' };
    }
    throw err;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ kind: 'loading' });

  const refresh = useCallback(async () => {
    const next = await readSession();
    setState(next);
    return next;
  }, []);

  useEffect(() => {
    refresh().catch(() => setState({ kind: 'anonymous' }));
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setState({ kind: 'anonymous', expired: true });
    });
    return () => setUnauthenticatedHandler(null);
  }, [refresh]);

  const login = useCallback(async (email: string, password: string) => {
    const res = await api.post<LoginResponse>('/auth/login', { email, password }, { expect401: true });
    setCsrfToken(res.csrfToken);
    let next = await readSession().catch((): AuthState => ({ kind: 'anonymous' }));
    if (next.kind === 'anonymous' && res.status !== 'ok') {
      // A server that does not expose half-authenticated sessions: continue with the login answer.
      setCsrfToken(res.csrfToken);
      const step =
        res.status === 'mfa_required'
          ? 'verify'
          : res.status === 'password_change_required'
            ? 'password'
            : 'enrol';
      next = { kind: 'mfa', step, user: null };
    }
    setState(next);
    return next;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/auth/logout', {}, { expect401: true });
    } finally {
      setCsrfToken(null);
      setState({ kind: 'anonymous' });
    }
  }, []);

  const value = useMemo<Auth>(() => ({ state, refresh, login, logout }), [state, refresh, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}

/** The signed-in user; only valid inside the authenticated part of the app. */
export function useUser(): SessionUser {
  const { state } = useAuth();
  if (state.kind !== 'ready') throw new Error('useUser needs a signed-in user');
  return state.user;
}
