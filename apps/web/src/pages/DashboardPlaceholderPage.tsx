import { useTranslation } from 'react-i18next';
import { Alert } from '../ui/Alert.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';

/** Placeholder until the report area registers its own `dashboard` route (same id replaces this one). */
export default function DashboardPlaceholderPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.dashboard')} />
      <Alert kind="info">{t('dashboard.placeholder')}</Alert>
    </>
  );
}
