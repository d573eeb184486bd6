import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { type ContactFields, ContactForm, EMPTY_CONTACT } from './ContactForm.tsx';
import type { Contact } from './types.ts';
import './hotline.css';

export default function NewContactPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const inFlight = useRef(false);
  async function save(f: ContactFields) {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const c = await api.post<Contact>('/hotline/contacts', f);
      navigate(`/hotline/contacts/${c.id}`, { state: { created: true } });
    } catch (e) {
      setError(e);
      inFlight.current = false;
      setBusy(false);
    }
  }
  return (
    <>
      <PageHeader title={t('hotline.form.title')} description={t('hotline.form.intro')} />
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      <ContactForm
        initial={EMPTY_CONTACT}
        withChannel
        busy={busy}
        submitLabel={t('hotline.form.save')}
        onSubmit={save}
      />
    </>
  );
}
