import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { MX_STATES, stateName } from '../tips/states.ts';
import {
  fieldOf,
  fold,
  LISTING_LANGUAGES,
  LISTING_NATIONALITIES,
  LISTING_SERVICES,
  LISTING_SEXES,
  loadMunicipios,
  type Municipio,
} from './catalog.ts';
import { LISTING_EDIT_ROLES } from './roles.ts';
import './providers.css';

/** The listing as `GET /api/providers/mine` and `PUT /api/providers/mine` return it (apps/server/src/api/providers/schema.ts). */
type Listing = ApiResponse<'/api/providers/mine'>;

interface Form {
  name: string;
  services: string[];
  languages: string[];
  sexes: string[];
  minAge: string;
  maxAge: string;
  nationalities: string[];
  nationwide: boolean;
  states: string[];
  municipality: string | null;
  remote: boolean;
  acceptingReferrals: boolean;
  total: string;
  free: string;
  referralContact: string;
  address: string;
}

const EMPTY: Form = {
  name: '',
  services: [],
  languages: ['spa'],
  sexes: [],
  minAge: '',
  maxAge: '',
  nationalities: [],
  nationwide: false,
  states: [],
  municipality: null,
  remote: false,
  acceptingReferrals: true,
  total: '',
  free: '',
  referralContact: '',
  address: '',
};

function formOf(l: Listing): Form {
  return {
    name: l.name,
    services: l.services,
    languages: l.languages,
    sexes: l.eligibility.sexes,
    minAge: l.eligibility.minAge === null ? '' : String(l.eligibility.minAge),
    maxAge: l.eligibility.maxAge === null ? '' : String(l.eligibility.maxAge),
    nationalities: l.eligibility.nationalities,
    nationwide: l.coverage.nationwide,
    states: l.coverage.states,
    municipality: l.municipality,
    remote: l.remote,
    acceptingReferrals: l.acceptingReferrals,
    total: l.capacity ? String(l.capacity.total) : '',
    free: l.capacity ? String(l.capacity.free) : '',
    referralContact: l.referralContact,
    address: l.address ?? '',
  };
}

/** A number field's value for the API: empty → null; anything else → a number (the API judges it). */
const num = (s: string): number | null => (s.trim() === '' ? null : Number(s));

const toggle = (list: string[], v: string, on: boolean) =>
  on ? [...new Set([...list, v])] : list.filter((x) => x !== v);

/**
 * "My listing": the agency's entry in the provider directory (what it offers, to whom, where, how many
 * places) and its confidential address. Free places change in one click. See docs/web.md.
 */
export default function MyListingPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const canEdit = LISTING_EDIT_ROLES.includes(user.role);
  const [listing, setListing] = useState<Listing | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    api
      .get<Listing>('/providers/mine')
      .then((l) => {
        setListing(l);
        setForm(formOf(l));
      })
      .catch((err) => {
        if (!(err instanceof ApiError && err.status === 404)) setLoadError(err);
      })
      .finally(() => setLoading(false));
  }, []);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setSaved(false);
  };

  /** The localized message for a field the API refused. */
  const messageFor = (field: string, err: ApiError): string => {
    const key = `providerListing.errors.${field}`;
    if (err.code !== 'invalid_input' && i18n.exists(`errors.${err.code}`)) return t(`errors.${err.code}`);
    return i18n.exists(key) ? t(key) : t('providerListing.errors.invalid');
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    setFormError(null);
    setFieldErrors({});
    const body = listingBody(form, listing);
    try {
      const l = await api.put<Listing>('/providers/mine', body);
      setListing(l);
      setForm(formOf(l));
      setSaved(true);
    } catch (err) {
      const errs: Record<string, string> = {};
      if (err instanceof ApiError) {
        for (const d of err.details) {
          if (typeof d === 'object' && d !== null && 'field' in d && typeof d.field === 'string') {
            const f = fieldOf(d.field);
            errs[f] ??= messageFor(f, err);
          }
        }
      }
      setFieldErrors(errs);
      setFormError(
        Object.keys(errs).length > 0 ? t('providerListing.errors.summary') : errorMessage(i18n, err),
      );
    } finally {
      setBusy(false);
    }
  }

  if (loading) {
    return (
      <>
        <PageHeader title={t('nav.providerListing')} />
        <p role="status">{t('providerListing.loading')}</p>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={t('nav.providerListing')}
        description={listing ? t('providerListing.introEdit') : t('providerListing.introNew')}
      />
      {loadError ? <Alert kind="error">{errorMessage(i18n, loadError)}</Alert> : null}
      {!canEdit ? <Alert kind="info">{t('providerListing.readOnly')}</Alert> : null}

      {listing?.capacity ? (
        <PlacesCard
          cap={listing.capacity}
          canEdit={canEdit}
          onChanged={(l, free) => {
            setListing((prev) => (prev ? { ...prev, ...l } : prev));
            setForm((f) => ({ ...f, free: String(l.capacity?.free ?? free) }));
          }}
        />
      ) : null}

      <form className="listing-form" onSubmit={save} noValidate>
        <fieldset className="listing-all" disabled={!canEdit}>
          <legend className="visually-hidden">{t('nav.providerListing')}</legend>
          {formError ? <Alert kind="error">{formError}</Alert> : null}

          <AboutSection form={form} set={set} errors={fieldErrors} />
          <WhoSection form={form} set={set} errors={fieldErrors} />
          <WhereSection form={form} set={set} errors={fieldErrors} />
          <CapacitySection form={form} set={set} errors={fieldErrors} />
          <ContactSection form={form} set={set} errors={fieldErrors} />
          {canEdit ? (
            <div className="form-actions">
              <Button type="submit" busy={busy}>
                {listing ? t('providerListing.save') : t('providerListing.create')}
              </Button>
              {saved ? (
                <Alert kind="success" className="listing-saved">
                  {t('providerListing.saved')}
                </Alert>
              ) : null}
            </div>
          ) : null}
        </fieldset>
      </form>
    </>
  );
}

/** The body of `PUT /api/providers/mine` from the form (what the form does not edit is kept from `listing`). */
function listingBody(form: Form, listing: Listing | null) {
  const total = num(form.total);
  return {
    name: form.name,
    services: form.services,
    languages: form.languages,
    eligibility: {
      sexes: form.sexes,
      minAge: num(form.minAge),
      maxAge: num(form.maxAge),
      forms: listing?.eligibility.forms ?? [],
      nationalities: form.nationalities,
      migrationStatuses: listing?.eligibility.migrationStatuses ?? [],
    },
    coverage: {
      nationwide: form.nationwide,
      states: form.states,
      municipalities: listing?.coverage.municipalities ?? [],
    },
    municipality: form.municipality,
    remote: form.remote,
    capacity: total === null && form.free.trim() === '' ? null : { total, free: num(form.free) ?? 0 },
    acceptingReferrals: form.acceptingReferrals,
    referralContact: form.referralContact,
    address: form.address.trim() === '' ? null : form.address,
  };
}

type Capacity = NonNullable<Listing['capacity']>;
type CapacityAnswer = Omit<Listing, 'address'>;

/** Free places, changed one at a time (`PUT /api/providers/mine/capacity`). */
function PlacesCard({
  cap,
  canEdit,
  onChanged,
}: {
  cap: Capacity;
  canEdit: boolean;
  onChanged: (l: CapacityAnswer, free: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const [placesBusy, setPlacesBusy] = useState(false);
  const [placesMsg, setPlacesMsg] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  async function changeFree(delta: number) {
    const free = cap.free + delta;
    setPlacesBusy(true);
    setPlacesMsg(null);
    try {
      const l = await api.put<Omit<Listing, 'address'>>('/providers/mine/capacity', { free });
      onChanged(l, free);
      setPlacesMsg({
        kind: 'success',
        text: t('providerListing.places.now', {
          free: l.capacity?.free ?? free,
          total: l.capacity?.total ?? 0,
        }),
      });
    } catch (err) {
      setPlacesMsg({ kind: 'error', text: errorMessage(i18n, err) });
    } finally {
      setPlacesBusy(false);
    }
  }
  return (
    <section className="card listing-places" aria-labelledby="listing-places-title">
      <h2 id="listing-places-title">{t('providerListing.places.title')}</h2>
      <div className="listing-places-row">
        <Button
          variant="secondary"
          className="listing-step"
          aria-label={t('providerListing.places.less')}
          disabled={!canEdit || cap.free <= 0}
          busy={placesBusy}
          onClick={() => changeFree(-1)}
        >
          −
        </Button>
        <p className="listing-places-count" data-testid="free-places">
          {t('providerListing.places.count', { free: cap.free, total: cap.total })}
        </p>
        <Button
          variant="secondary"
          className="listing-step"
          aria-label={t('providerListing.places.more')}
          disabled={!canEdit || cap.free >= cap.total}
          busy={placesBusy}
          onClick={() => changeFree(1)}
        >
          +
        </Button>
      </div>
      {placesMsg ? (
        <Alert kind={placesMsg.kind} className="listing-places-msg">
          {placesMsg.text}
        </Alert>
      ) : null}
    </section>
  );
}

/** A section of the listing form: the form's values, how to change one, and the API's errors by field. */
interface SectionProps {
  form: Form;
  set: <K extends keyof Form>(k: K, v: Form[K]) => void;
  errors: Record<string, string>;
}

/** The agency's name, services, languages, remote attention and whether it takes referrals. */
function AboutSection({ form, set, errors }: SectionProps) {
  const { t } = useTranslation();
  return (
    <section className="card form" aria-labelledby="listing-about">
      <h2 id="listing-about">{t('providerListing.sections.about')}</h2>
      <TextField
        label={t('providerListing.name')}
        value={form.name}
        maxLength={300}
        error={errors.name}
        onChange={(e) => set('name', e.target.value)}
      />
      <Checks
        legend={t('providerListing.services')}
        error={errors.services}
        options={LISTING_SERVICES.map((s) => ({ value: s, label: t(`casework.services.${s}`) }))}
        value={form.services}
        onChange={(v) => set('services', v)}
      />
      <Checks
        legend={t('providerListing.languagesLabel')}
        hint={t('providerListing.languagesHint')}
        error={errors.languages}
        options={[
          ...LISTING_LANGUAGES.map((c) => ({ value: c, label: t(`providerListing.languages.${c}`) })),
          // Codes saved before (e.g. through the API) that the list does not name.
          ...form.languages
            .filter((c) => !(LISTING_LANGUAGES as readonly string[]).includes(c))
            .map((c) => ({ value: c, label: c })),
        ]}
        value={form.languages}
        onChange={(v) => set('languages', v)}
      />
      <div className="check">
        <input
          id="listing-remote"
          type="checkbox"
          checked={form.remote}
          onChange={(e) => set('remote', e.target.checked)}
        />
        <label htmlFor="listing-remote">{t('providerListing.remote')}</label>
      </div>
      <div className="check">
        <input
          id="listing-accepting"
          type="checkbox"
          checked={form.acceptingReferrals}
          onChange={(e) => set('acceptingReferrals', e.target.checked)}
        />
        <label htmlFor="listing-accepting">{t('providerListing.accepting')}</label>
      </div>
    </section>
  );
}

/** Whom it serves: sexes, ages, nationalities (empty is everyone). */
function WhoSection({ form, set, errors }: SectionProps) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card form" aria-labelledby="listing-who">
      <h2 id="listing-who">{t('providerListing.sections.who')}</h2>
      <Checks
        legend={t('providerListing.sexes')}
        hint={t('providerListing.emptyIsAll')}
        error={errors.sexes}
        options={LISTING_SEXES.map((s) => ({ value: s, label: t(`casework.sex.${s}`) }))}
        value={form.sexes}
        onChange={(v) => set('sexes', v)}
      />
      <div className="listing-pair">
        <TextField
          label={t('providerListing.minAge')}
          type="number"
          inputMode="numeric"
          min={0}
          value={form.minAge}
          error={errors.minAge}
          onChange={(e) => set('minAge', e.target.value)}
        />
        <TextField
          label={t('providerListing.maxAge')}
          type="number"
          inputMode="numeric"
          min={0}
          value={form.maxAge}
          error={errors.maxAge}
          onChange={(e) => set('maxAge', e.target.value)}
        />
      </div>
      <Checks
        legend={t('providerListing.nationalities')}
        hint={t('providerListing.emptyIsAll')}
        error={errors.nationalities}
        options={nationalityOptions(i18n.language, form.nationalities)}
        value={form.nationalities}
        onChange={(v) => set('nationalities', v)}
      />
    </section>
  );
}

/** Where it serves: nationwide or states, and its municipality. */
function WhereSection({ form, set, errors }: SectionProps) {
  const { t } = useTranslation();
  return (
    <section className="card form" aria-labelledby="listing-where">
      <h2 id="listing-where">{t('providerListing.sections.where')}</h2>
      <div className="check">
        <input
          id="listing-nationwide"
          type="checkbox"
          checked={form.nationwide}
          onChange={(e) => set('nationwide', e.target.checked)}
        />
        <label htmlFor="listing-nationwide">{t('providerListing.nationwide')}</label>
      </div>
      {form.nationwide ? null : (
        <Checks
          legend={t('providerListing.states')}
          error={errors.states}
          options={MX_STATES.map((s) => ({ value: s.code, label: s.name }))}
          value={form.states}
          onChange={(v) => set('states', v)}
          columns
        />
      )}
      <MunicipioField
        value={form.municipality}
        error={errors.municipality}
        onChange={(v) => set('municipality', v)}
      />
    </section>
  );
}

/** How many places it has, and how many are free. */
function CapacitySection({ form, set, errors }: SectionProps) {
  const { t } = useTranslation();
  return (
    <section className="card form" aria-labelledby="listing-capacity">
      <h2 id="listing-capacity">{t('providerListing.sections.capacity')}</h2>
      <p className="field-hint">{t('providerListing.capacityHint')}</p>
      <div className="listing-pair">
        <TextField
          label={t('providerListing.total')}
          type="number"
          inputMode="numeric"
          min={0}
          value={form.total}
          error={errors.total ?? errors.capacity}
          onChange={(e) => set('total', e.target.value)}
        />
        <TextField
          label={t('providerListing.free')}
          type="number"
          inputMode="numeric"
          min={0}
          value={form.free}
          error={errors.free}
          onChange={(e) => set('free', e.target.value)}
        />
      </div>
    </section>
  );
}

/** How to refer to it, and its confidential address. */
function ContactSection({ form, set, errors }: SectionProps) {
  const { t } = useTranslation();
  return (
    <section className="card form" aria-labelledby="listing-contact">
      <h2 id="listing-contact">{t('providerListing.sections.contact')}</h2>
      <TextField
        label={t('providerListing.referralContact')}
        hint={t('providerListing.referralContactHint')}
        value={form.referralContact}
        maxLength={300}
        error={errors.referralContact}
        onChange={(e) => set('referralContact', e.target.value)}
      />
      <div className="listing-confidential">
        <p className="listing-confidential-title" id="listing-confidential-title">
          {t('providerListing.confidential')}
        </p>
        <p className="field-hint" id="listing-address-hint">
          {t('providerListing.addressHint')}
        </p>
        <div className={['field', errors.address ? 'has-error' : ''].filter(Boolean).join(' ')}>
          <label htmlFor="listing-address">{t('providerListing.address')}</label>
          <textarea
            id="listing-address"
            rows={3}
            maxLength={500}
            value={form.address}
            aria-describedby={[
              'listing-confidential-title',
              'listing-address-hint',
              errors.address ? 'listing-address-error' : '',
            ]
              .filter(Boolean)
              .join(' ')}
            aria-invalid={errors.address ? true : undefined}
            onChange={(e) => set('address', e.target.value)}
          />
          {errors.address ? (
            <p id="listing-address-error" className="field-error">
              {errors.address}
            </p>
          ) : null}
        </div>
      </div>
    </section>
  );
}

function nationalityOptions(locale: string, chosen: string[]) {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: 'region' });
  } catch {
    names = null;
  }
  const known = LISTING_NATIONALITIES.map((n) => ({ value: n.code, label: names?.of(n.region) ?? n.code }));
  const extra = chosen
    .filter((c) => !LISTING_NATIONALITIES.some((n) => n.code === c))
    .map((c) => ({ value: c, label: c }));
  return [...known, ...extra];
}

/** A group of checkboxes in a fieldset with its legend, hint and error (announced via aria-describedby). */
function Checks({
  legend,
  hint,
  error,
  options,
  value,
  onChange,
  columns,
}: {
  legend: string;
  hint?: ReactNode;
  error?: string | undefined;
  options: readonly { value: string; label: string }[];
  value: string[];
  onChange: (v: string[]) => void;
  columns?: boolean;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset
      className={['listing-checks', error ? 'has-error' : ''].filter(Boolean).join(' ')}
      aria-describedby={described || undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      <div className={columns ? 'listing-check-grid is-wide' : 'listing-check-grid'}>
        {options.map((o) => (
          <div className="check" key={o.value}>
            <input
              id={`${id}-${o.value}`}
              type="checkbox"
              checked={value.includes(o.value)}
              onChange={(e) => onChange(toggle(value, o.value, e.target.checked))}
            />
            <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

const label = (m: Municipio) => `${m.name}, ${stateName(m.stateCode)}`;

/** Where the provider is: searched by name among INEGI municipalities; the API gets the 5-digit code. */
function MunicipioField({
  value,
  error,
  onChange,
}: {
  value: string | null;
  error?: string | undefined;
  onChange: (code: string | null) => void;
}) {
  const { t } = useTranslation();
  const [all, setAll] = useState<Municipio[]>([]);
  const [text, setText] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => {
    loadMunicipios().then(setAll, () => setAll([]));
  }, []);
  // Show the saved municipality's name once the list is here.
  useEffect(() => {
    if (!value) return;
    const m = all.find((x) => x.code === value);
    if (m) setText(label(m));
  }, [all, value]);
  const matches = useMemo(() => {
    const q = fold(text.trim());
    if (q.length < 2) return [];
    return all.filter((m) => fold(label(m)).includes(q)).slice(0, 40);
  }, [all, text]);
  const choose = (s: string) => {
    setText(s);
    if (s.trim() === '') {
      setLocal(null);
      onChange(null);
      return;
    }
    const m = all.find((x) => label(x) === s);
    setLocal(null);
    onChange(m ? m.code : null);
  };
  const blur = () => {
    if (text.trim() !== '' && !all.some((x) => label(x) === text))
      setLocal(t('providerListing.errors.municipalityPick'));
  };
  return (
    <>
      <TextField
        label={t('providerListing.municipality')}
        hint={t('providerListing.municipalityHint')}
        value={text}
        list="listing-municipios"
        autoComplete="off"
        error={local ?? error}
        onChange={(e) => choose(e.target.value)}
        onBlur={blur}
      />
      <datalist id="listing-municipios">
        {matches.map((m) => (
          <option key={m.code} value={label(m)} />
        ))}
      </datalist>
    </>
  );
}
