import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { Role, UserAccount } from '../../api/types.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { grantableRoles } from './roles.ts';
import { TemporaryPassword, useAgencies } from './shared.tsx';
import './users.css';

type Created = UserAccount & { temporaryPassword?: string };

/** A new account with a one-time password shown once (the person chooses their own at the first sign-in). */
export default function UserNewPage() {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const isAdmin = me.role === 'admin';
  const agencies = useAgencies();
  const roles = grantableRoles(me.role);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('caseworker');
  const [agencyId, setAgencyId] = useState(me.agencyId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [created, setCreated] = useState<Created | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const u = await api.post<Created>('/users', {
        email: email.trim(),
        displayName: name.trim(),
        role,
        agencyId: isAdmin ? agencyId : me.agencyId,
      });
      setCreated(u);
    } catch (err) {
      const d = (err as { details?: unknown[] }).details?.[0];
      const field = typeof d === 'object' && d !== null && 'field' in d ? String(d.field) : null;
      setError({ field, message: errorMessage(i18n, err) });
    } finally {
      setBusy(false);
    }
  }

  function another() {
    setCreated(null);
    setEmail('');
    setName('');
  }

  const at = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <>
      <PageHeader
        title={t('users.new.title')}
        description={t('users.new.intro')}
        actions={<Link to="/users">{t('users.back')}</Link>}
      />
      {created ? (
        <>
          <Alert kind="success">{t('users.new.created', { email: created.email })}</Alert>
          {created.temporaryPassword ? <TemporaryPassword password={created.temporaryPassword} /> : null}
          <div className="form-actions">
            <Link className="btn btn-primary" to={`/users/${created.id}`}>
              {t('users.new.open')}
            </Link>
            <Button variant="secondary" onClick={another}>
              {t('users.new.another')}
            </Button>
          </div>
        </>
      ) : (
        <form className="form card" onSubmit={submit} noValidate>
          {error && !['email', 'displayName', 'agencyId', 'role'].includes(error.field ?? '') ? (
            <Alert kind="error">{error.message}</Alert>
          ) : null}
          <TextField
            label={t('users.new.email')}
            error={at('email')}
            name="email"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <TextField
            label={t('users.new.name')}
            error={at('displayName')}
            name="displayName"
            autoComplete="off"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <SelectField
            label={t('users.new.role')}
            error={at('role')}
            name="role"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            options={roles.map((r) => ({ value: r, label: t(`roles.${r}`, { defaultValue: r }) }))}
          />
          {isAdmin ? (
            <SelectField
              label={t('users.new.agency')}
              error={at('agencyId')}
              name="agencyId"
              value={agencyId}
              onChange={(e) => setAgencyId(e.target.value)}
              options={
                agencies
                  ? agencies.map((a) => ({ value: a.id, label: a.name }))
                  : [{ value: agencyId, label: agencyId }]
              }
            />
          ) : null}
          <div className="form-actions">
            <Button type="submit" busy={busy}>
              {busy ? t('users.new.submitting') : t('users.new.submit')}
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
