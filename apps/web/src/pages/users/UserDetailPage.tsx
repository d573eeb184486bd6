import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse, Role, UserAccount } from '../../api/types.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { currentLocale } from '../../i18n/index.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageLoading } from '../../ui/AppLayout.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { grantableRoles, isAdminOnlyRole } from './roles.ts';
import { agencyName, TemporaryPassword, UserStatus, useAgencies } from './shared.tsx';
import './users.css';

type Notice = { kind: 'success' | 'error'; text: string } | null;

/** One user: details, role, access (disable/enable) and password reset (one-time password shown once). */
export default function UserDetailPage() {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const id = useParams().id ?? '';
  const agencies = useAgencies();
  const [user, setUser] = useState<UserAccount | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [role, setRole] = useState<Role>('caseworker');
  const [busy, setBusy] = useState<'role' | 'access' | 'reset' | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [confirming, setConfirming] = useState(false);
  const [temporary, setTemporary] = useState<string | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<UserAccount>(`/users/${encodeURIComponent(id)}`, { signal: ctrl.signal })
      .then((u) => {
        setUser(u);
        setRole(u.role);
      })
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted) setLoadError(errorMessage(i18n, err));
      });
    return () => ctrl.abort();
  }, [id, i18n]);

  async function run(kind: 'role' | 'access' | 'reset', work: () => Promise<string>) {
    setBusy(kind);
    setNotice(null);
    try {
      setNotice({ kind: 'success', text: await work() });
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(i18n, err) });
    } finally {
      setBusy(null);
    }
  }

  function saveRole(e: FormEvent) {
    e.preventDefault();
    void run('role', async () => {
      const u = await api.patch<UserAccount>(`/users/${encodeURIComponent(id)}`, { role });
      setUser(u);
      return t('users.role.saved');
    });
  }

  function setDisabled(disabled: boolean) {
    void run('access', async () => {
      const u = await api.patch<UserAccount>(`/users/${encodeURIComponent(id)}`, { disabled });
      setUser(u);
      return disabled ? t('users.access.disabled') : t('users.access.enabled');
    });
  }

  function reset() {
    setTemporary(null);
    void run('reset', async () => {
      const r = await api.post<ApiResponse<'/api/users/{id}/password-reset', 'post'>>(
        `/users/${encodeURIComponent(id)}/password-reset`,
      );
      setUser(r.user);
      setTemporary(r.temporaryPassword);
      setConfirming(false);
      return t('users.reset.done');
    });
  }

  const self = user?.id === me.id;
  const protectedRole = user ? me.role !== 'admin' && isAdminOnlyRole(user.role) : false;

  return (
    <>
      <PageHeader
        title={user ? user.displayName : t('nav.users')}
        actions={<Link to="/users">{t('users.back')}</Link>}
      />
      {loadError ? <Alert kind="error">{loadError}</Alert> : null}
      {!user && !loadError ? <PageLoading /> : null}
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {temporary ? <TemporaryPassword password={temporary} /> : null}
      {user ? (
        <div className="split-grid">
          <section className="card user-section" aria-labelledby="user-facts">
            <h2 id="user-facts">{t('users.facts')}</h2>
            <dl className="facts facts-stack-narrow">
              <dt>{t('users.columns.email')}</dt>
              <dd className="wrap-anywhere">{user.email}</dd>
              <dt>{t('users.columns.role')}</dt>
              <dd>{t(`roles.${user.role}`, { defaultValue: user.role })}</dd>
              <dt>{t('users.columns.agency')}</dt>
              <dd>{agencyName(agencies, user.agencyId)}</dd>
              <dt>{t('users.columns.status')}</dt>
              <dd>
                <UserStatus user={user} />
              </dd>
              <dt>{t('users.columns.mfa')}</dt>
              <dd>{user.mfaEnabled ? t('users.mfa.on') : t('users.mfa.off')}</dd>
              <dt>{t('users.createdAt')}</dt>
              <dd>
                {new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium' }).format(
                  new Date(user.createdAt),
                )}
              </dd>
            </dl>
          </section>
          {self ? (
            <Alert kind="info">
              {t('users.self')} <Link to="/account">{t('nav.account')}</Link>
            </Alert>
          ) : protectedRole ? (
            <Alert kind="info">{t('users.role.adminOnly')}</Alert>
          ) : (
            <div>
              <section className="card user-section" aria-labelledby="user-reset">
                <h2 id="user-reset">{t('users.reset.title')}</h2>
                <p>{t('users.reset.intro')}</p>
                {confirming ? (
                  <div className="form">
                    <Alert kind="warning">{t('users.reset.confirm', { name: user.displayName })}</Alert>
                    <div className="form-actions">
                      <Button variant="danger" busy={busy === 'reset'} onClick={reset}>
                        {busy === 'reset' ? t('users.reset.resetting') : t('users.reset.yes')}
                      </Button>
                      <Button variant="link" onClick={() => setConfirming(false)}>
                        {t('users.reset.cancel')}
                      </Button>
                    </div>
                  </div>
                ) : (
                  <Button variant="secondary" onClick={() => setConfirming(true)}>
                    {t('users.reset.start')}
                  </Button>
                )}
              </section>
              <form className="form card user-section" onSubmit={saveRole} aria-labelledby="user-role">
                <h2 id="user-role">{t('users.role.title')}</h2>
                <SelectField
                  label={t('users.columns.role')}
                  name="role"
                  value={role}
                  onChange={(e) => setRole(e.target.value as Role)}
                  options={grantableRoles(me.role).map((r) => ({
                    value: r,
                    label: t(`roles.${r}`, { defaultValue: r }),
                  }))}
                />
                <div className="form-actions">
                  <Button
                    type="submit"
                    variant="secondary"
                    busy={busy === 'role'}
                    disabled={role === user.role}
                  >
                    {busy === 'role' ? t('users.role.saving') : t('users.role.save')}
                  </Button>
                </div>
              </form>
              <section className="card user-section" aria-labelledby="user-access">
                <h2 id="user-access">{t('users.access.title')}</h2>
                <p>{user.disabled ? t('users.access.disabledNote') : t('users.access.enabledNote')}</p>
                {user.disabled ? (
                  <Button variant="secondary" busy={busy === 'access'} onClick={() => setDisabled(false)}>
                    {t('users.access.enable')}
                  </Button>
                ) : (
                  <Button variant="danger" busy={busy === 'access'} onClick={() => setDisabled(true)}>
                    {t('users.access.disable')}
                  </Button>
                )}
              </section>
            </div>
          )}
        </div>
      ) : null}
    </>
  );
}
