import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../auth/AuthContext.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { kindsFor } from './kinds.ts';
import './records.css';

/** The record kinds of the national data model this role may read. */
export default function RecordsIndexPage() {
  const { t } = useTranslation();
  const { state } = useAuth();
  const role = state.kind === 'ready' ? state.user.role : null;
  const kinds = role ? kindsFor(role) : [];
  return (
    <>
      <PageHeader title={t('nav.records')} description={t('records.index.description')} />
      <ul className="kind-list">
        {kinds.map((k) => (
          <li key={k.path}>
            <Link to={`/records/${k.path}`}>{t(`records.kinds.${k.kind}.title`)}</Link>
            <p className="field-hint">{t(`records.kinds.${k.kind}.description`)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
