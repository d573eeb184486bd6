import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import '../records/records.css';
import { MX_STATES } from './states.ts';
import { TIP_CATEGORIES, TIP_LANGUAGES } from './types.ts';

const MIN = 10;
const MAX = 5000;

/** The public, anonymous tip form at /denuncia (no sign-in), with short awareness text. */
export default function PublicTipPage() {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [stateCode, setStateCode] = useState('');
  const [language, setLanguage] = useState('spa');
  const [urgent, setUrgent] = useState(false);
  const [contact, setContact] = useState('');
  const [website, setWebsite] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ category?: string; description?: string }>({});
  const [folio, setFolio] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const text = description.trim();
    const fe: typeof fieldErrors = {};
    if (!category) fe.category = t('tips.public.errors.category');
    if (text.length < MIN || text.length > MAX)
      fe.description = t('tips.public.errors.description', { min: MIN, max: MAX });
    setFieldErrors(fe);
    if (fe.category || fe.description) {
      setError(t('tips.public.errors.check'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ folio: string }>('/public/tips', {
        category,
        description: text,
        ...(stateCode ? { stateCode } : {}),
        language,
        urgent,
        ...(contact.trim() ? { contact: contact.trim() } : {}),
        ...(website ? { website } : {}),
      });
      setFolio(res.folio);
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'rate_limited' || err.status === 429))
        setError(t('tips.public.errors.rateLimited'));
      else if (err instanceof ApiError && err.code === 'tips_unavailable')
        setError(t('tips.public.errors.unavailable', { hotline: t('tips.public.hotlineNumber') }));
      else setError(errorMessage(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  function reset() {
    setFolio(null);
    setCategory('');
    setDescription('');
    setStateCode('');
    setUrgent(false);
    setContact('');
  }

  const descId = `${ids}-desc`;
  const descHint = `${ids}-desc-hint`;
  const descErr = `${ids}-desc-error`;
  return (
    <div className="public-tip">
      <PageHeader title={t('tips.public.title')} description={t('tips.public.intro')} />
      <Alert kind="warning" title={t('tips.public.emergencyTitle')}>
        {t('tips.public.emergency')}
      </Alert>
      <section aria-labelledby={`${ids}-signs`}>
        <h2 id={`${ids}-signs`}>{t('tips.public.signsTitle')}</h2>
        <ul>
          <li>{t('tips.public.signs.documents')}</li>
          <li>{t('tips.public.signs.debt')}</li>
          <li>{t('tips.public.signs.movement')}</li>
          <li>{t('tips.public.signs.pay')}</li>
          <li>{t('tips.public.signs.minors')}</li>
          <li>{t('tips.public.signs.fear')}</li>
        </ul>
      </section>
      <section aria-labelledby={`${ids}-what`}>
        <h2 id={`${ids}-what`}>{t('tips.public.whatTitle')}</h2>
        <p>{t('tips.public.what')}</p>
        <p>{t('tips.public.hotline', { hotline: t('tips.public.hotlineNumber') })}</p>
      </section>
      <section aria-labelledby={`${ids}-form`}>
        <h2 id={`${ids}-form`}>{t('tips.public.formTitle')}</h2>
        {folio ? (
          <Alert kind="success" title={t('tips.public.sentTitle')}>
            <p>{t('tips.public.folioLabel')}</p>
            <p className="folio" data-testid="tip-folio">
              {folio}
            </p>
            <p>{t('tips.public.folioHint')}</p>
            <Button variant="secondary" onClick={reset}>
              {t('tips.public.another')}
            </Button>
          </Alert>
        ) : (
          <form className="form" onSubmit={submit} noValidate>
            {error ? <Alert kind="error">{error}</Alert> : null}
            <SelectField
              label={t('tips.public.category')}
              name="category"
              required
              value={category}
              error={fieldErrors.category}
              onChange={(e) => setCategory(e.target.value)}
              options={[
                { value: '', label: t('tips.public.choose') },
                ...TIP_CATEGORIES.map((c) => ({ value: c, label: t(`tips.categories.${c}`) })),
              ]}
            />
            <div className={['field', fieldErrors.description ? 'has-error' : ''].filter(Boolean).join(' ')}>
              <label htmlFor={descId}>{t('tips.public.description')}</label>
              <p id={descHint} className="field-hint">
                {t('tips.public.descriptionHint', { min: MIN, max: MAX, n: description.trim().length })}
              </p>
              <textarea
                id={descId}
                name="description"
                rows={6}
                maxLength={MAX}
                required
                aria-invalid={fieldErrors.description ? true : undefined}
                aria-describedby={[descHint, fieldErrors.description ? descErr : '']
                  .filter(Boolean)
                  .join(' ')}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
              {fieldErrors.description ? (
                <p id={descErr} className="field-error">
                  {fieldErrors.description}
                </p>
              ) : null}
            </div>
            <SelectField
              label={t('tips.public.state')}
              name="stateCode"
              value={stateCode}
              onChange={(e) => setStateCode(e.target.value)}
              options={[
                { value: '', label: t('tips.public.stateUnknown') },
                ...MX_STATES.map((s) => ({ value: s.code, label: s.name })),
              ]}
            />
            <SelectField
              label={t('tips.public.language')}
              name="language"
              value={language}
              onChange={(e) => setLanguage(e.target.value)}
              options={TIP_LANGUAGES.map((l) => ({ value: l, label: t(`tips.languages.${l}`) }))}
            />
            <div className="check">
              <input
                id={`${ids}-urgent`}
                type="checkbox"
                name="urgent"
                checked={urgent}
                onChange={(e) => setUrgent(e.target.checked)}
              />
              <label htmlFor={`${ids}-urgent`}>{t('tips.public.urgent')}</label>
            </div>
            <TextField
              label={t('tips.public.contact')}
              hint={t('tips.public.contactHint')}
              name="contact"
              maxLength={300}
              autoComplete="off"
              value={contact}
              onChange={(e) => setContact(e.target.value)}
            />
            {/* Honeypot: hidden from people (and from assistive technology); bots fill it in. */}
            <div className="visually-hidden" aria-hidden="true">
              <label htmlFor={`${ids}-website`}>{t('tips.public.website')}</label>
              <input
                id={`${ids}-website`}
                name="website"
                type="text"
                tabIndex={-1}
                autoComplete="off"
                value={website}
                onChange={(e) => setWebsite(e.target.value)}
              />
            </div>
            <p className="field-hint">{t('tips.public.privacy')}</p>
            <div className="form-actions">
              <Button type="submit" busy={busy}>
                {busy ? t('tips.public.sending') : t('tips.public.submit')}
              </Button>
            </div>
          </form>
        )}
      </section>
      <p>
        <Link className="link-target" to="/">
          {t('tips.public.staffSignIn')}
        </Link>
      </p>
    </div>
  );
}
