import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import type { Column } from '../../ui/DataTable.tsx';
import { TextField } from '../../ui/Field.tsx';
import { articleLabel, formatDate, type Options, StageParties, useDays } from './common.tsx';
import { DateField, ListPage } from './ListPage.tsx';
import { RecordCombobox } from './RecordCombobox.tsx';
import './justice.css';

type ChainItem = ApiResponse<'/api/justice/chains'>['items'][number];

/** The agency's justice chains (one per investigation) and the form that opens one. */
export default function ChainsPage() {
  const { t, i18n } = useTranslation();
  const days = useDays();
  const navigate = useNavigate();
  const [items, setItems] = useState<ChainItem[] | null>(null);
  const [opts, setOpts] = useState<Options | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reference, setReference] = useState('');
  const [startedOn, setStartedOn] = useState('');
  const [recordRef, setRecordRef] = useState('');
  const [charges, setCharges] = useState<string[]>([]);
  const [defendantIds, setDefendantIds] = useState<string[]>([]);
  const [victimPersonIds, setVictimPersonIds] = useState<string[]>([]);
  const [complicity, setComplicity] = useState(false);

  const load = useCallback(async () => {
    try {
      const [c, o] = await Promise.all([
        api.get<ApiResponse<'/api/justice/chains'>>('/justice/chains'),
        api.get<Options>('/justice/options'),
      ]);
      setItems(c.items);
      setOpts(o);
    } catch (e) {
      setLoadError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function open(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<ApiResponse<'/api/justice/stages', 'post'>>('/justice/stages', {
        stage: 'investigation',
        reference,
        startedOn,
        recordRef: recordRef || null,
        charges,
        defendantIds,
        victimPersonIds,
        officialComplicity: complicity,
      });
      navigate(`/justice/stages/${r.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const columns: Column<ChainItem>[] = [
    {
      key: 'reference',
      header: t('justice.chains.columns.reference'),
      render: (c) => (
        <>
          <Link to={`/justice/stages/${c.chainId}`}>{c.reference || t('justice.chains.noReference')}</Link>
          <br />
          <small>{t('justice.chains.openedOn', { date: formatDate(c.openedOn) })}</small>
        </>
      ),
    },
    {
      key: 'stage',
      header: t('justice.chains.columns.stage'),
      render: (c) => (
        <>
          <Link to={`/justice/stages/${c.latestStageId}`}>{t(`justice.stages.${c.latestStage}`)}</Link>
          {c.latestOutcome ? (
            <>
              <br />
              <small>{t(`justice.outcomes.${c.latestOutcome}`)}</small>
            </>
          ) : null}
        </>
      ),
    },
    {
      key: 'charges',
      header: t('justice.chains.columns.charges'),
      render: (c) => (c.charges.length ? c.charges.map((a) => `Art. ${a}`).join(', ') : '—'),
    },
    {
      key: 'parties',
      header: t('justice.chains.columns.parties'),
      render: (c) => (
        <>
          {t('justice.chains.defendants', { count: c.defendants })}
          <br />
          {t('justice.chains.victims', { count: c.victims })}
          {c.officialComplicity ? (
            <>
              <br />
              <span className="jd-warning">{t('justice.complicity.flag')}</span>
            </>
          ) : null}
        </>
      ),
    },
    {
      key: 'durations',
      header: t('justice.chains.columns.durations'),
      render: (c) => (
        <>
          {t('justice.durations.openingToCharge')}: {days(c.durations.openingToChargeDays)}
          <br />
          {t('justice.durations.chargeToSentence')}: {days(c.durations.chargeToSentenceDays)}
        </>
      ),
    },
  ];

  return (
    <ListPage
      title={t('justice.nav.chains')}
      description={t('justice.chains.description')}
      caption={t('justice.chains.caption')}
      columns={columns}
      rows={items}
      rowKey={(c) => c.chainId}
      loadError={loadError}
      empty={t('justice.chains.empty')}
    >
      <section className="card" aria-labelledby="jd-open">
        <h2 id="jd-open">{t('justice.chains.openTitle')}</h2>
        <form className="form" onSubmit={open}>
          <div className="jd-grid">
            <TextField
              label={t('justice.form.reference')}
              hint={t('justice.form.referenceHint')}
              value={reference}
              maxLength={100}
              onChange={(e) => setReference(e.target.value)}
            />
            <DateField
              label={t('justice.form.openedOn')}
              required
              value={startedOn}
              onChange={setStartedOn}
            />
            <RecordCombobox
              kind="investigations"
              label={t('justice.form.record')}
              hint={t('justice.form.recordHint')}
              initial={opts?.records.investigations ?? []}
              value={recordRef}
              onChange={setRecordRef}
            />
          </div>
          <StageParties
            chargesHint
            defendants={opts?.defendants ?? []}
            victims={(opts?.victims ?? []).map((v) => ({ value: v.personId, label: v.name }))}
            charges={charges}
            onCharges={setCharges}
            defendantIds={defendantIds}
            onDefendantIds={setDefendantIds}
            victimIds={victimPersonIds}
            onVictimIds={setVictimPersonIds}
            complicity={complicity}
            onComplicity={setComplicity}
          />
          {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
          <div className="form-actions">
            <Button type="submit" busy={busy} disabled={!startedOn}>
              {t('justice.chains.open')}
            </Button>
          </div>
        </form>
        <p className="field-hint">{t('justice.chains.lawNote', { article: articleLabel('10', true) })}</p>
      </section>
    </ListPage>
  );
}
