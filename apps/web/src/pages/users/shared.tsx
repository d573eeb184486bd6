import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Agency, ApiResponse, UserAccount } from '../../api/types.ts';
import { Alert } from '../../ui/Alert.tsx';

/** The agency directory (for names and the admin's agency choice); null until loaded or when unreadable. */
export function useAgencies(): Agency[] | null {
  const [agencies, setAgencies] = useState<Agency[] | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<ApiResponse<'/api/agencies'>>('/agencies', { query: { limit: 500 }, signal: ctrl.signal })
      .then((p) => setAgencies(p.items))
      .catch(() => undefined);
    return () => ctrl.abort();
  }, []);
  return agencies;
}

export function agencyName(agencies: Agency[] | null, id: string): string {
  return agencies?.find((a) => a.id === id)?.name ?? id;
}

/** Account status in words: disabled, locked or active; plus a pending password change. */
export function UserStatus({ user }: { user: UserAccount }) {
  const { t } = useTranslation();
  const main = user.disabled
    ? t('users.status.disabled')
    : user.locked
      ? t('users.status.locked')
      : t('users.status.active');
  return (
    <span className="user-status">
      <span>{main}</span>
      {user.mustChangePassword ? <span className="user-flag">{t('users.status.mustChange')}</span> : null}
    </span>
  );
}

/** A one-time password, shown once after a creation or a reset. */
export function TemporaryPassword({ password }: { password: string }) {
  const { t } = useTranslation();
  return (
    <section className="card temp-password" aria-labelledby="temp-password-label">
      <h2 id="temp-password-label">{t('users.temporary.label')}</h2>
      <p className="temp-password-value">
        <code data-testid="temporary-password">{password}</code>
      </p>
      <Alert kind="warning">{t('users.temporary.intro')}</Alert>
      <p>{t('users.temporary.next')}</p>
    </section>
  );
}
