import { NETWORK_ROLES } from '@enlace/core/justice';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import type { Column } from '../../ui/DataTable.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { Checks, formatDate } from './common.tsx';
import { DateField, ListPage } from './ListPage.tsx';
import './justice.css';
import { localToday } from '../../ui/today.ts';

/** Nationalities offered (ISO alpha-3, alpha-2 for the name in the UI's language). */
const COUNTRIES: readonly (readonly [string, string])[] = [
  ['MEX', 'MX'],
  ['USA', 'US'],
  ['GTM', 'GT'],
  ['HND', 'HN'],
  ['SLV', 'SV'],
  ['NIC', 'NI'],
  ['COL', 'CO'],
  ['VEN', 'VE'],
  ['CUB', 'CU'],
  ['HTI', 'HT'],
  ['CHN', 'CN'],
];

type DefendantItem = ApiResponse<'/api/defendants'>['items'][number];
type Pair = ApiResponse<'/api/defendant-links'>['items'][number];
type Side = Pair['left'];

/** The agency's defendants, a form to record one, and the possible same persons to review. */
export default function DefendantsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [items, setItems] = useState<DefendantItem[] | null>(null);
  const [pairs, setPairs] = useState<Pair[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const [l, q] = await Promise.all([
        api.get<ApiResponse<'/api/defendants'>>('/defendants', { query: { limit: 500 } }),
        api.get<ApiResponse<'/api/defendant-links'>>('/defendant-links'),
      ]);
      setItems(l.items);
      setPairs(q.items);
    } catch (e) {
      setLoadError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const columns: Column<DefendantItem>[] = [
    {
      key: 'name',
      header: t('justice.defendants.columns.name'),
      render: (d) => <Link to={`/defendants/${d.id}`}>{d.displayName}</Link>,
    },
    {
      key: 'roles',
      header: t('justice.defendants.columns.roles'),
      render: (d) => d.networkRoles.map((r) => t(`justice.roles.${r}`)).join(', ') || '—',
    },
    {
      key: 'birth',
      header: t('justice.defendants.columns.birth'),
      render: (d) =>
        d.birthDate
          ? formatDate(d.birthDate)
          : d.approximateAge !== null
            ? t('justice.defendants.age', { age: d.approximateAge })
            : '—',
    },
    {
      key: 'matches',
      header: t('justice.defendants.columns.matches'),
      render: (d) =>
        d.possibleMatches ? t('justice.defendants.toReview', { count: d.possibleMatches }) : '—',
    },
  ];

  return (
    <ListPage
      title={t('justice.nav.defendants')}
      description={t('justice.defendants.description')}
      caption={t('justice.defendants.caption')}
      columns={columns}
      rows={items}
      rowKey={(d) => d.id}
      loadError={loadError}
      empty={t('justice.defendants.empty')}
    >
      <ReviewQueue pairs={pairs} onChange={load} />
      <DefendantForm onCreated={(id) => navigate(`/defendants/${id}`)} />
    </ListPage>
  );
}

function ReviewQueue({ pairs, onChange }: { pairs: Pair[]; onChange: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const side = (s: Side) =>
    s.own ? (
      <div>
        <Link to={`/defendants/${s.defendantId}`}>{s.displayName}</Link>
        <br />
        <small>
          {[
            s.birthDate
              ? formatDate(s.birthDate)
              : s.approximateAge
                ? t('justice.defendants.age', { age: s.approximateAge })
                : null,
            (s.networkRoles ?? []).map((r) => t(`justice.roles.${r}`)).join(', ') || null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </small>
      </div>
    ) : (
      <div>
        <strong>{t('justice.review.otherAgency')}</strong>
        <br />
        <small>{t('justice.review.handle', { handle: s.handle })}</small>
      </div>
    );
  async function decide(p: Pair, status: 'same' | 'different' | 'pending') {
    setError(null);
    try {
      await api.post(`/defendant-links/${p.a}/${p.b}/decision`, { status });
      await onChange();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section className="card" aria-labelledby="jd-review">
      <h2 id="jd-review">{t('justice.review.title')}</h2>
      <p className="field-hint">{t('justice.review.description')}</p>
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {pairs.length === 0 ? <p>{t('justice.review.empty')}</p> : null}
      <ul className="jd-pairs">
        {pairs.map((p) => (
          <li
            key={`${p.left.defendantId ?? p.left.handle}-${p.right.defendantId ?? p.right.handle}`}
            className="card"
          >
            <div className="jd-pair">
              {side(p.left)}
              {side(p.right)}
            </div>
            <p>
              {t('justice.review.probability', { p: Math.round(p.probability * 100) })} ·{' '}
              <strong>{t(`justice.review.status.${p.status}`)}</strong>
            </p>
            {p.crossAgency ? (
              <p className="field-hint">{t('justice.review.crossAgencyHint')}</p>
            ) : (
              <div className="form-actions">
                {p.status !== 'same' ? (
                  <Button variant="secondary" onClick={() => void decide(p, 'same')}>
                    {t('justice.review.same')}
                  </Button>
                ) : null}
                {p.status !== 'different' ? (
                  <Button variant="secondary" onClick={() => void decide(p, 'different')}>
                    {t('justice.review.different')}
                  </Button>
                ) : null}
                {p.status !== 'pending' ? (
                  <Button variant="link" onClick={() => void decide(p, 'pending')}>
                    {t('justice.review.undo')}
                  </Button>
                ) : null}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DefendantForm({
  onCreated,
  sourceCaseId,
}: {
  onCreated: (id: string) => void;
  sourceCaseId?: string;
}) {
  const { t, i18n } = useTranslation();
  const [givenNames, setGivenNames] = useState('');
  const [surname1, setSurname1] = useState('');
  const [surname2, setSurname2] = useState('');
  const [aliases, setAliases] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [age, setAge] = useState('');
  const [sex, setSex] = useState('');
  const [nationality, setNationality] = useState('MEX');
  const [roles, setRoles] = useState<string[]>([]);
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const today = localToday();
      const r = await api.post<ApiResponse<'/api/defendants', 'post'>>('/defendants', {
        identity: {
          givenNames,
          surname1,
          surname2,
          aliases: aliases
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
          birthDate: birthDate || null,
          approximateAge: !birthDate && age ? Number(age) : null,
          approximateAgeOn: !birthDate && age ? today : null,
        },
        sex: sex || null,
        nationality: nationality || null,
        networkRoles: roles,
        notes,
        sourceCaseId: sourceCaseId ?? null,
      });
      onCreated(r.id);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="jd-new-def">
      <h2 id="jd-new-def">{t('justice.defendants.newTitle')}</h2>
      <form className="form" onSubmit={submit}>
        <div className="jd-grid">
          <TextField
            label={t('justice.defendants.givenNames')}
            value={givenNames}
            maxLength={200}
            onChange={(e) => setGivenNames(e.target.value)}
          />
          <TextField
            label={t('justice.defendants.surname1')}
            value={surname1}
            maxLength={200}
            onChange={(e) => setSurname1(e.target.value)}
          />
          <TextField
            label={t('justice.defendants.surname2')}
            value={surname2}
            maxLength={200}
            onChange={(e) => setSurname2(e.target.value)}
          />
          <TextField
            label={t('justice.defendants.aliases')}
            hint={t('justice.defendants.aliasesHint')}
            value={aliases}
            onChange={(e) => setAliases(e.target.value)}
          />
          <DateField label={t('justice.defendants.birthDate')} value={birthDate} onChange={setBirthDate} />
          <TextField
            label={t('justice.defendants.ageIfUnknown')}
            type="number"
            min={10}
            max={120}
            inputMode="numeric"
            disabled={Boolean(birthDate)}
            value={age}
            onChange={(e) => setAge(e.target.value)}
          />
          <SelectField
            label={t('justice.defendants.sex')}
            options={[
              { value: '', label: t('justice.defendants.unknown') },
              ...['female', 'male', 'intersex'].map((s) => ({ value: s, label: t(`justice.sex.${s}`) })),
            ]}
            value={sex}
            onChange={(e) => setSex(e.target.value)}
          />
          <SelectField
            label={t('justice.defendants.nationality')}
            options={[
              { value: '', label: t('justice.defendants.unknown') },
              ...COUNTRIES.map(([a3, a2]) => ({
                value: a3,
                label: new Intl.DisplayNames([i18n.language], { type: 'region' }).of(a2) ?? a3,
              })),
            ]}
            value={nationality}
            onChange={(e) => setNationality(e.target.value)}
          />
        </div>
        <Checks
          legend={t('justice.defendants.roles')}
          options={NETWORK_ROLES.map((r) => ({ value: r, label: t(`justice.roles.${r}`) }))}
          value={roles}
          onChange={setRoles}
        />
        <TextField
          label={t('justice.form.notes')}
          value={notes}
          maxLength={4000}
          onChange={(e) => setNotes(e.target.value)}
        />
        {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
        <div className="form-actions">
          <Button type="submit" busy={busy} disabled={!givenNames && !surname1 && !aliases.trim()}>
            {t('justice.defendants.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
