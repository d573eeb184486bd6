import { AuthLayout } from '../ui/AppLayout.tsx';
import type { AuthState } from './AuthContext.tsx';
import { LoginScreen } from './LoginScreen.tsx';
import { MfaEnrolScreen } from './MfaEnrolScreen.tsx';
import { MfaVerifyScreen } from './MfaVerifyScreen.tsx';
import { PasswordChangeScreen } from './PasswordChangeScreen.tsx';

/** Everything before the user is fully signed in (one lazy chunk, not downloaded by signed-in users). */
export default function AuthScreens({ state }: { state: Exclude<AuthState, { kind: 'ready' | 'loading' }> }) {
  return (
    <AuthLayout>
      {state.kind === 'anonymous' ? (
        <LoginScreen expired={state.expired} />
      ) : state.step === 'verify' ? (
        <MfaVerifyScreen />
      ) : state.step === 'password' ? (
        <PasswordChangeScreen />
      ) : (
        <MfaEnrolScreen />
      )}
    </AuthLayout>
  );
}
