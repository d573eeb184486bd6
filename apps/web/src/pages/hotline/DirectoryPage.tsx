import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { DirectorySearch } from './DirectorySearch.tsx';
import './hotline.css';

export default function DirectoryPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.hotlineDirectory')} description={t('hotline.directory.intro')} />
      <DirectorySearch />
    </>
  );
}
