import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { type Column, DataTable } from '../../ui/DataTable.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import type { Provider } from './types.ts';

export default function ProvidersPage() {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<Provider[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api
      .get<{ items: Provider[] }>('/providers')
      .then((r) => setItems(r.items))
      .catch(setError)
      .finally(() => setLoading(false));
  }, []);
  const columns: Column<Provider>[] = [
    { key: 'name', header: t('casework.providers.name') },
    {
      key: 'services',
      header: t('casework.providers.services'),
      render: (p) => p.services.map((s) => t(`casework.services.${s}`)).join(', '),
    },
    { key: 'languages', header: t('casework.providers.languages'), render: (p) => p.languages.join(', ') },
    {
      key: 'capacity',
      header: t('casework.providers.capacity'),
      render: (p) =>
        p.capacity ? t('casework.providers.places', { free: p.capacity.free, total: p.capacity.total }) : '—',
    },
    { key: 'referralContact', header: t('casework.providers.contact') },
  ];
  return (
    <>
      <PageHeader title={t('nav.providers')} description={t('casework.providers.intro')} />
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      <DataTable
        caption={t('casework.providers.caption')}
        columns={columns}
        rows={items}
        rowKey={(p) => p.id}
        loading={loading}
        empty={t('table.empty')}
      />
    </>
  );
}
