import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { languageList, serviceList } from '../casework/labels.ts';
import { LISTING_SERVICES } from '../providers/catalog.ts';
import { stateName } from '../tips/states.ts';
import { languageOptions, stateOptions } from './shared.tsx';
import type { DirectoryEntry } from './types.ts';

type Kind = 'all' | 'prosecutor' | 'provider' | 'partner';

/**
 * The directory of prosecutors' offices, providers and partners abroad, by state, service, language and
 * name. With `onPick`, each entry can be chosen (the referral and transfer forms).
 */
export function DirectorySearch({
  initialState,
  initialKind = 'all',
  kinds = ['all', 'prosecutor', 'provider', 'partner'],
  picked,
  onPick,
}: {
  initialState?: string | null;
  initialKind?: Kind;
  kinds?: readonly Kind[];
  picked?: string | null;
  onPick?: (e: DirectoryEntry) => void;
}) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<Kind>(initialKind);
  const [stateCode, setStateCode] = useState(initialState ?? '');
  const [service, setService] = useState('');
  const [language, setLanguage] = useState('');
  const [q, setQ] = useState('');
  const [items, setItems] = useState<DirectoryEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api
        .get<{ items: DirectoryEntry[] }>('/hotline/directory', {
          query: { kind, stateCode, service, language, q: q.trim() },
          signal: ctl.signal,
        })
        .then((r) => {
          setItems(r.items);
          setError(null);
        })
        .catch((e) => {
          if (!(e instanceof DOMException)) setError(e);
        });
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [kind, stateCode, service, language, q]);
  const where = (e: DirectoryEntry) =>
    e.country !== 'MEX'
      ? t('hotline.directory.abroad')
      : e.nationwide
        ? t('hotline.directory.nationwide')
        : (e.states.length ? e.states : e.stateCode ? [e.stateCode] : []).map(stateName).join(', ');
  return (
    <div className="hl-directory">
      <div className="hl-filters">
        {kinds.length > 1 ? (
          <SelectField
            label={t('hotline.directory.kind')}
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            options={kinds.map((k) => ({ value: k, label: t(`hotline.directory.kinds.${k}`) }))}
          />
        ) : null}
        <SelectField
          label={t('hotline.form.state')}
          value={stateCode}
          onChange={(e) => setStateCode(e.target.value)}
          options={[{ value: '', label: t('hotline.directory.anyState') }, ...stateOptions(t).slice(1)]}
        />
        {kind !== 'prosecutor' ? (
          <>
            <SelectField
              label={t('hotline.directory.service')}
              value={service}
              onChange={(e) => setService(e.target.value)}
              options={[
                { value: '', label: t('hotline.directory.anyService') },
                ...LISTING_SERVICES.map((s) => ({ value: s, label: t(`casework.services.${s}`) })),
              ]}
            />
            <SelectField
              label={t('hotline.form.language')}
              value={language}
              onChange={(e) => setLanguage(e.target.value)}
              options={[{ value: '', label: t('hotline.directory.anyLanguage') }, ...languageOptions(t)]}
            />
          </>
        ) : null}
        <TextField
          label={t('hotline.directory.name')}
          value={q}
          maxLength={100}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      <p aria-live="polite" className="field-hint">
        {items ? t('hotline.directory.found', { count: items.length }) : t('hotline.loading')}
      </p>
      <ul className="hl-dir-list">
        {(items ?? []).map((e) => (
          <li key={e.agencyId} className={['hl-card', picked === e.agencyId ? 'is-picked' : ''].join(' ')}>
            <p className="hl-card-title">{e.name}</p>
            <p className="hl-card-meta">
              {t(`hotline.directory.kinds.${e.kind}`)} · {where(e)}
              {e.remote ? ` · ${t('hotline.directory.remote')}` : ''}
            </p>
            {e.services.length ? <p className="hl-card-meta">{serviceList(e.services, t)}</p> : null}
            {e.languages.length ? (
              <p className="hl-card-meta">
                {t('hotline.directory.speaks', { languages: languageList(e.languages, t) })}
              </p>
            ) : null}
            {e.freePlaces !== null ? (
              <p className="hl-card-meta">{t('hotline.directory.freePlaces', { count: e.freePlaces })}</p>
            ) : null}
            {!e.acceptingReferrals ? (
              <p className="hl-card-meta">{t('hotline.directory.notAccepting')}</p>
            ) : null}
            {e.referralContact ? <p className="hl-card-meta">{e.referralContact}</p> : null}
            {onPick ? (
              <button
                type="button"
                className="btn btn-secondary"
                aria-pressed={picked === e.agencyId}
                onClick={() => onPick(e)}
              >
                {picked === e.agencyId
                  ? t('hotline.directory.chosen', { name: e.name })
                  : t('hotline.directory.choose', { name: e.name })}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
