import { useTranslation } from 'react-i18next';
import { Button } from '../ui/Button.tsx';
import { useAuth } from './AuthContext.tsx';

/** The actions under a sign-in step: submit (its label changes while busy) and cancel, which signs out. */
export function AuthFormActions({
  busy,
  submit,
  submitting,
}: {
  busy: boolean;
  submit: string;
  submitting: string;
}) {
  const { t } = useTranslation();
  const { logout } = useAuth();
  return (
    <div className="form-actions">
      <Button type="submit" busy={busy}>
        {busy ? submitting : submit}
      </Button>
      <Button variant="link" onClick={() => void logout()}>
        {t('auth.cancel')}
      </Button>
    </div>
  );
}
