import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../ui/PageHeader.tsx';

export default function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('forbidden.title')} description={t('forbidden.body')} />
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
