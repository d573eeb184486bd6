import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import './network.css';

export const IDENTIFIER_KINDS = [
  'phone',
  'email',
  'address',
  'account',
  'vehicle',
  'company',
  'handle',
] as const;
type Kind = (typeof IDENTIFIER_KINDS)[number];
/** Agencies whose staff have the network analysis (the server's INVESTIGATIVE_KINDS). */
const INVESTIGATIVE = ['prosecutor', 'police', 'financial_intelligence'];

/** An identifier as the server gives it (`GET /api/network/identifiers` items, apps/server/src/api/network/schema.ts). */
type Identifier = ApiResponse<'/api/network/identifiers'>['items'][number];
export type Subject = { defendantId: string } | { personId: string } | { chainId: string };

/**
 * Identifiers of a defendant, an investigation (a justice chain) or a person for the network analysis: the list (with a link to the node in
 * /network) and a form to record a phone, e-mail, address, account/CLABE, vehicle, company or online handle.
 * The server normalises the value (the same phone written two ways is one node) and audits every step.
 * Shown only to staff of investigative agencies (the others have no network).
 */
interface Props {
  subject: Subject;
  /** the subject's node in the network, for a link to it */
  networkNode?: string | undefined;
  /** after a record or a removal */
  onChange?: (() => void) | undefined;
}
export function IdentifiersSection(props: Props) {
  const user = useUser();
  if (!INVESTIGATIVE.includes(user.agencyKind ?? '')) return null;
  return <Identifiers {...props} />;
}

function subjectKey(s: Subject): ['defendantId' | 'personId' | 'chainId', string] {
  if ('defendantId' in s) return ['defendantId', s.defendantId];
  if ('chainId' in s) return ['chainId', s.chainId];
  return ['personId', s.personId];
}

function Identifiers({ subject, networkNode, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const [items, setItems] = useState<Identifier[] | null>(null);
  const [kind, setKind] = useState<Kind>('phone');
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [field, key] = subjectKey(subject);
  const query = { [field]: key };
  const ofInvestigation = field === 'chainId';

  // biome-ignore lint/correctness/useExhaustiveDependencies: `query` is derived from `key`
  const load = useCallback(async () => {
    try {
      setItems(
        (await api.get<ApiResponse<'/api/network/identifiers'>>('/network/identifiers', { query })).items,
      );
    } catch (e) {
      setError(errorMessage(i18n, e));
    }
  }, [key, i18n]);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await api.post<Identifier>('/network/identifiers', {
        ...query,
        kind,
        value,
        ...(note.trim() ? { note } : {}),
      });
      setValue('');
      setNote('');
      setDone(t('network.identifiers.added', { kind: t(`network.kind.${r.kind}`), value: r.display }));
      await load();
      onChange?.();
    } catch (err) {
      setError(errorMessage(i18n, err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (x: Identifier) => {
    setError(null);
    setDone(null);
    try {
      await api.delete(`/network/identifiers/${x.id}`);
      setDone(t('network.identifiers.removed', { kind: t(`network.kind.${x.kind}`), value: x.display }));
      await load();
      onChange?.();
    } catch (err) {
      setError(errorMessage(i18n, err));
    }
  };

  return (
    <section className="card net-identifiers" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('network.identifiers.title')}</h2>
      <p>
        {t(
          ofInvestigation
            ? 'network.identifiers.descriptionInvestigation'
            : 'network.identifiers.description',
        )}
      </p>
      {networkNode ? (
        <p>
          <Link to={`/network?node=${encodeURIComponent(networkNode)}`}>
            {t(ofInvestigation ? 'network.identifiers.openInvestigation' : 'network.identifiers.openPerson')}
          </Link>
        </p>
      ) : null}
      {items === null ? (
        <p>{t('table.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('network.identifiers.none')}</p>
      ) : (
        <ul className="net-id-list" aria-label={t('network.identifiers.listLabel')}>
          {items.map((x) => (
            <li key={x.id}>
              <div>
                <strong>{t(`network.kind.${x.kind}`)}:</strong>{' '}
                <span className="net-id-value">{x.display}</span>
                {x.value.trim() !== x.display ? (
                  <small className="net-id-typed">
                    {' '}
                    ({t('network.identifiers.typed', { value: x.value })})
                  </small>
                ) : null}
                {x.note ? <div className="net-id-note">{x.note}</div> : null}
              </div>
              <div className="net-id-actions">
                {x.node ? (
                  <Link to={`/network?node=${encodeURIComponent(x.node)}`}>
                    {t('network.identifiers.open')}
                    <span className="visually-hidden">: {x.display}</span>
                  </Link>
                ) : null}
                <Button variant="secondary" onClick={() => void remove(x)}>
                  {t('network.identifiers.remove')}
                  <span className="visually-hidden">: {x.display}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <div aria-live="polite">
        {done ? <Alert kind="success">{done}</Alert> : null}
        {error ? <Alert kind="error">{error}</Alert> : null}
      </div>
      <form className="form" onSubmit={submit}>
        <h3>{t('network.identifiers.formTitle')}</h3>
        <SelectField
          label={t('network.identifiers.kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
          options={IDENTIFIER_KINDS.map((k) => ({ value: k, label: t(`network.kind.${k}`) }))}
        />
        <TextField
          label={t('network.identifiers.value')}
          hint={t(`network.identifiers.hint.${kind}`)}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          required
          maxLength={300}
          autoComplete="off"
        />
        <TextField
          label={t('network.identifiers.note')}
          hint={t('network.identifiers.noteHint')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={1000}
          autoComplete="off"
        />
        <div className="form-actions">
          <Button type="submit" busy={busy}>
            {t('network.identifiers.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
