import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { UserAccount } from '../../api/types.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { type Column, DataTable } from '../../ui/DataTable.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Pagination } from '../../ui/Pagination.tsx';
import { usePagedQuery } from '../../ui/usePagedQuery.ts';
import { agencyName, UserStatus, useAgencies } from './shared.tsx';
import './users.css';

/** Users of the agency (the system administrator: every agency, with a filter in the URL, `?agency=`). */
export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const isAdmin = me.role === 'admin';
  const [params, setParams] = useSearchParams();
  const agency = isAdmin ? (params.get('agency') ?? '') : '';
  const agencies = useAgencies();
  const query = useMemo(() => ({ agencyId: agency || undefined }), [agency]);
  const page = usePagedQuery<UserAccount>('/users', query, 50);

  const columns: Column<UserAccount>[] = [
    {
      key: 'name',
      header: t('users.columns.name'),
      render: (u) => (
        <span className="user-who">
          <Link to={`/users/${u.id}`}>{u.displayName}</Link>
          <span className="user-sub">{u.email}</span>
        </span>
      ),
    },
    {
      key: 'role',
      header: t('users.columns.role'),
      render: (u) => t(`roles.${u.role}`, { defaultValue: u.role }),
    },
    ...(isAdmin
      ? [
          {
            key: 'agency',
            header: t('users.columns.agency'),
            render: (u: UserAccount) => agencyName(agencies, u.agencyId),
          },
        ]
      : []),
    { key: 'status', header: t('users.columns.status'), render: (u) => <UserStatus user={u} /> },
    {
      key: 'mfa',
      header: t('users.columns.mfa'),
      render: (u) => (u.mfaEnabled ? t('users.mfa.on') : t('users.mfa.off')),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.users')}
        description={isAdmin ? t('users.introAdmin') : t('users.intro')}
        actions={
          <Link className="btn btn-primary" to="/users/new">
            {t('users.create')}
          </Link>
        }
      />
      {isAdmin ? (
        <search className="toolbar">
          <SelectField
            label={t('users.agencyFilter')}
            name="agency"
            value={agency}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set('agency', e.target.value);
              else next.delete('agency');
              setParams(next, { replace: true });
            }}
            options={[
              { value: '', label: t('users.allAgencies') },
              ...(agency && !agencies?.some((a) => a.id === agency)
                ? [{ value: agency, label: agency }]
                : []),
              ...(agencies ?? []).map((a) => ({ value: a.id, label: a.name })),
            ]}
          />
        </search>
      ) : null}
      {page.error ? <Alert kind="error">{errorMessage(i18n, page.error)}</Alert> : null}
      <DataTable
        caption={t('users.caption')}
        columns={columns}
        rows={page.items}
        rowKey={(u) => u.id}
        loading={page.loading}
      />
      <Pagination
        offset={page.offset}
        limit={page.limit}
        total={page.total}
        shown={page.items.length}
        onChange={page.setOffset}
        disabled={page.loading}
      />
    </>
  );
}
