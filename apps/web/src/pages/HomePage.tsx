import { useTranslation } from 'react-i18next';
import { useUser } from '../auth/AuthContext.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';

export default function HomePage() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <>
      <PageHeader title={t('home.title', { name: user.displayName })} description={t('home.intro')} />
      <section className="card" aria-labelledby="home-account">
        <h2 id="home-account">{t('home.account')}</h2>
        <dl className="facts">
          <dt>{t('home.email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('home.role')}</dt>
          <dd>{t(`roles.${user.role}`)}</dd>
          <dt>{t('home.agency')}</dt>
          <dd>{user.agencyName}</dd>
        </dl>
      </section>
    </>
  );
}
