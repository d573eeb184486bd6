import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import {
  type Act,
  CaseSection,
  CloseSection,
  ReferSection,
  SummarySection,
  TasksSection,
  ThreadSection,
  TransferSection,
} from './ContactSections.tsx';
import { ScreenSection } from './ScreenSection.tsx';
import { label, when } from './shared.tsx';
import type { Contact } from './types.ts';
import './hotline.css';

/** A hotline contact: its summary, screening, thread, referral, case, transfer, tasks and closing, each a section. */
export default function ContactPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const [c, setC] = useState<Contact | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(
    (location.state as { created?: boolean } | null)?.created ? t('hotline.contact.created') : null,
  );
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);

  const load = useCallback(async () => {
    try {
      setC(await api.get<Contact>(`/hotline/contacts/${id}`));
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const act: Act = async (fn, done) => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const next = await fn();
      if (next) setC(next);
      if (done) setNotice(done);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  if (!c)
    return (
      <>
        <PageHeader title={t('hotline.contact.title')} />
        {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : <p>{t('hotline.loading')}</p>}
      </>
    );

  const open = c.status === 'open';
  return (
    <>
      <PageHeader
        title={t('hotline.contact.heading', { ref: c.ref })}
        description={`${label(t, 'channel', c.channel)} · ${when(c.receivedAt, i18n.language)} · ${
          c.operator ? t('hotline.queue.operator', { name: c.operator.name }) : t('hotline.queue.unassigned')
        }`}
        actions={
          <Link to="/hotline" className="btn btn-secondary">
            {t('hotline.contact.back')}
          </Link>
        }
      />
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {!c.operator && open ? (
        <Button
          busy={busy}
          onClick={() => void act(() => api.post<Contact>(`/hotline/contacts/${c.id}/take`))}
        >
          {t('hotline.contact.take')}
        </Button>
      ) : null}

      <SummarySection c={c} busy={busy} act={act} />
      {open ? (
        <ScreenSection
          contact={c}
          busy={busy}
          onSave={(answers) =>
            void act(
              () => api.put<Contact>(`/hotline/contacts/${c.id}/screen`, { answers }),
              t('hotline.screen.saved'),
            )
          }
        />
      ) : null}

      {c.hasThread || c.messages.length ? <ThreadSection c={c} busy={busy} act={act} /> : null}
      <ReferSection c={c} busy={busy} act={act} />
      <CaseSection c={c} busy={busy} act={act} onError={setError} />
      <TransferSection c={c} busy={busy} act={act} />
      <TasksSection c={c} busy={busy} act={act} />
      {open ? <CloseSection c={c} busy={busy} act={act} /> : null}
    </>
  );
}
