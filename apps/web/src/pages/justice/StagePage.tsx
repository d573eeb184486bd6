import { STAGE_OUTCOMES } from '@enlace/core/justice';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { IdentifiersSection } from '../network/IdentifiersSection.tsx';
import {
  articleLabel,
  formatDate,
  formatMoney,
  type Options,
  recordChoices,
  StageParties,
  useDays,
} from './common.tsx';
import { DateField, MoneyField } from './ListPage.tsx';
import { RecordCombobox } from './RecordCombobox.tsx';
import './justice.css';

type StageView = ApiResponse<'/api/justice/stages/{id}'>;
type Stage = StageView['stage'];
type StageKind = Stage['stage'];
type Order = StageView['restitution'][number];

const NEXT: Record<StageKind, StageKind[]> = {
  investigation: ['prosecution', 'trial', 'sentence', 'appeal'],
  prosecution: ['trial', 'sentence', 'appeal'],
  trial: ['sentence', 'appeal'],
  sentence: ['appeal'],
  appeal: ['appeal'],
};
const RECORD_OF: Partial<Record<StageKind, keyof Options['records']>> = {
  prosecution: 'prosecutions',
  sentence: 'convictions',
};

/** One stage of a chain: its facts, the chain's timeline and durations, the next stage, and a sentence's restitution. */
export default function StagePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const days = useDays();
  const [view, setView] = useState<StageView | null>(null);
  const [opts, setOpts] = useState<Options | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const [v, o] = await Promise.all([
        api.get<StageView>(`/justice/stages/${encodeURIComponent(id)}`),
        api.get<Options>('/justice/options'),
      ]);
      setView(v);
      setOpts(o);
    } catch (e) {
      setLoadError(e);
    }
  }, [id]);
  useEffect(() => {
    setView(null);
    void load();
  }, [load]);

  if (loadError)
    return (
      <>
        <PageHeader title={t('justice.stage.title')} />
        <Alert kind="error">{errorMessage(i18n, loadError)}</Alert>
      </>
    );
  if (!view || !opts) return <p className="page-loading">{t('table.loading')}</p>;
  const s = view.stage;
  const title = `${t(`justice.stages.${s.stage}`)}${s.reference ? ` · ${s.reference}` : ''}`;

  return (
    <>
      <PageHeader title={title} description={<Link to="/justice">{t('justice.stage.back')}</Link>} />
      <div className="jd-grid">
        <section className="card" aria-labelledby="jd-facts">
          <h2 id="jd-facts">{t('justice.stage.facts')}</h2>
          <StageFacts s={s} opts={opts} />
        </section>
        <section className="card" aria-labelledby="jd-timeline">
          <h2 id="jd-timeline">{t('justice.stage.timeline')}</h2>
          <ol className="jd-timeline">
            {view.chain.map((c, i) => {
              const prev = view.chain[i - 1];
              const gap = prev
                ? Math.round((Date.parse(c.startedOn) - Date.parse(prev.startedOn)) / 86_400_000)
                : null;
              return (
                <li
                  key={c.id}
                  className={c.id === s.id ? 'is-current' : undefined}
                  aria-current={c.id === s.id ? 'page' : undefined}
                >
                  {gap !== null ? (
                    <p className="jd-gap">{t('justice.stage.after', { days: days(gap) })}</p>
                  ) : null}
                  <strong>
                    {c.id === s.id ? (
                      t(`justice.stages.${c.stage}`)
                    ) : (
                      <Link to={`/justice/stages/${c.id}`}>{t(`justice.stages.${c.stage}`)}</Link>
                    )}
                  </strong>{' '}
                  · {formatDate(c.startedOn)}
                  {c.outcome ? <> · {t(`justice.outcomes.${c.outcome}`)}</> : null}
                  {c.court ? (
                    <div>
                      <small>{c.court}</small>
                    </div>
                  ) : null}
                  {c.officialComplicity ? (
                    <div className="jd-warning">{t('justice.complicity.flag')}</div>
                  ) : null}
                </li>
              );
            })}
          </ol>
          <dl className="facts facts-stack-narrow">
            <dt>{t('justice.durations.openingToCharge')}</dt>
            <dd>{days(view.durations.openingToChargeDays)}</dd>
            <dt>{t('justice.durations.chargeToSentence')}</dt>
            <dd>{days(view.durations.chargeToSentenceDays)}</dd>
            <dt>{t('justice.durations.openingToSentence')}</dt>
            <dd>{days(view.durations.openingToSentenceDays)}</dd>
          </dl>
          {view.financialReportIds.length ? (
            <p>
              <Link to="/financial-intelligence">
                {t('justice.stage.financialReports', { count: view.financialReportIds.length })}
              </Link>
            </p>
          ) : null}
        </section>
      </div>
      {s.stage === 'sentence' ? <Restitution key={s.id} view={view} opts={opts} onChange={load} /> : null}
      {s.stage === 'investigation' ? (
        <IdentifiersSection
          key={`ids-${s.id}`}
          subject={{ chainId: s.id }}
          networkNode={s.recordRef ? `investigation:${s.recordRef}` : `investigation:chain-${s.id}`}
        />
      ) : null}
      <NextStage key={s.id} view={view} opts={opts} />
    </>
  );
}

function StageFacts({ s, opts }: { s: Stage; opts: Options }) {
  const { t } = useTranslation();
  // the stage's exchange record named as a person knows it (date, file number, state, form), never by its id
  const kinds = ['investigations', 'prosecutions', 'convictions'] as const;
  const record = s.recordRef
    ? (kinds.flatMap((k) => recordChoices(k, opts.records[k], t)).find((o) => o.value === s.recordRef)
        ?.label ?? t('justice.stage.recordRecorded'))
    : '—';
  return (
    <>
      <dl className="facts facts-stack-narrow">
        <dt>{t('justice.form.reference')}</dt>
        <dd>{s.reference || '—'}</dd>
        <dt>{t('justice.form.startedOn')}</dt>
        <dd>{formatDate(s.startedOn)}</dd>
        {s.endedOn ? (
          <>
            <dt>{t('justice.form.endedOn')}</dt>
            <dd>{formatDate(s.endedOn)}</dd>
          </>
        ) : null}
        <dt>{t('justice.form.court')}</dt>
        <dd>{s.court || '—'}</dd>
        <dt>{t('justice.form.record')}</dt>
        <dd className="wrap-anywhere">{record}</dd>
        <dt>{t('justice.form.outcome')}</dt>
        <dd>{s.outcome ? t(`justice.outcomes.${s.outcome}`) : '—'}</dd>
        {s.stage === 'sentence' ? (
          <>
            <dt>{t('justice.form.sentenceMonths')}</dt>
            <dd>{s.sentenceMonths === null ? '—' : t('justice.months', { count: s.sentenceMonths })}</dd>
            <dt>{t('justice.form.fine')}</dt>
            <dd>{formatMoney(s.fineMxn)}</dd>
          </>
        ) : null}
        <dt>{t('justice.complicity.label')}</dt>
        <dd>
          {s.officialComplicity ? (
            <>
              <span className="jd-warning">{t('justice.complicity.yes')}</span>
              {s.complicityNote ? <p>{s.complicityNote}</p> : null}
            </>
          ) : (
            t('justice.complicity.no')
          )}
        </dd>
        {s.notes ? (
          <>
            <dt>{t('justice.form.notes')}</dt>
            <dd>{s.notes}</dd>
          </>
        ) : null}
      </dl>
      <h3>{t('justice.form.charges')}</h3>
      {s.charges.length ? (
        <ul className="jd-list">
          {s.charges.map((c) => (
            <li key={c}>{articleLabel(c)}</li>
          ))}
        </ul>
      ) : (
        <p>—</p>
      )}
      <h3>{t('justice.form.defendants')}</h3>
      {s.defendants.length ? (
        <ul className="jd-chips">
          {s.defendants.map((d) => (
            <li key={d.id}>
              <Link to={`/defendants/${d.id}`}>{d.displayName}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p>—</p>
      )}
      <h3>{t('justice.form.victims')}</h3>
      {s.victims.length ? (
        <ul className="jd-chips">
          {s.victims.map((v) => (
            <li key={v.personId}>{v.name ?? t('justice.stage.otherAgencyPerson')}</li>
          ))}
        </ul>
      ) : (
        <p>—</p>
      )}
    </>
  );
}

function NextStage({ view, opts }: { view: StageView; opts: Options }) {
  const { t, i18n } = useTranslation();
  const s = view.stage;
  const kinds = NEXT[s.stage];
  const [stage, setStage] = useState<StageKind>(kinds[0]!);
  const [startedOn, setStartedOn] = useState('');
  const [reference, setReference] = useState('');
  const [court, setCourt] = useState(s.court);
  const [recordRef, setRecordRef] = useState('');
  const [charges, setCharges] = useState<string[]>(s.charges);
  const [outcome, setOutcome] = useState('');
  const [months, setMonths] = useState('');
  const [fine, setFine] = useState('');
  const [defendantIds, setDefendantIds] = useState<string[]>(s.defendants.map((d) => d.id));
  const [victimIds, setVictimIds] = useState<string[]>(s.victims.map((v) => v.personId));
  const [complicity, setComplicity] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<{ id: string; stage: StageKind } | null>(null);

  const recKind = RECORD_OF[stage];
  const victimOptions = [
    ...opts.victims.map((v) => ({ value: v.personId, label: v.name })),
    ...s.victims
      .filter((v) => !opts.victims.some((o) => o.personId === v.personId))
      .map((v) => ({ value: v.personId, label: v.name ?? t('justice.stage.otherAgencyPerson') })),
  ];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<ApiResponse<'/api/justice/stages', 'post'>>('/justice/stages', {
        stage,
        chainId: s.chainId,
        reference,
        startedOn,
        court,
        recordRef: recKind && recordRef ? recordRef : null,
        charges,
        outcome: outcome || null,
        sentenceMonths: stage === 'sentence' && months !== '' ? Number(months) : null,
        fineMxn: stage === 'sentence' && fine !== '' ? fine : null,
        officialComplicity: complicity,
        complicityNote: complicity ? note : '',
        defendantIds,
        victimPersonIds: victimIds,
      });
      setCreated(r);
      setBusy(false);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="jd-next">
      <h2 id="jd-next">{t('justice.next.title')}</h2>
      {created ? (
        <Alert kind="success">
          {t('justice.next.created', { stage: t(`justice.stages.${created.stage}`) })}{' '}
          <Link to={`/justice/stages/${created.id}`}>{t('justice.next.open')}</Link>
        </Alert>
      ) : null}
      <form className="form" onSubmit={submit}>
        <div className="jd-grid">
          <SelectField
            label={t('justice.next.stage')}
            options={kinds.map((k) => ({ value: k, label: t(`justice.stages.${k}`) }))}
            value={stage}
            onChange={(e) => {
              setStage(e.target.value as StageKind);
              setOutcome('');
              setRecordRef('');
            }}
          />
          <DateField
            label={t(`justice.dateOf.${stage}`)}
            required
            value={startedOn}
            onChange={setStartedOn}
          />
          <TextField
            label={t('justice.form.reference')}
            value={reference}
            maxLength={100}
            onChange={(e) => setReference(e.target.value)}
          />
          <TextField
            label={t('justice.form.court')}
            value={court}
            maxLength={300}
            onChange={(e) => setCourt(e.target.value)}
          />
          {recKind ? (
            <RecordCombobox
              key={recKind}
              kind={recKind}
              label={t(`justice.form.recordOf.${recKind}`)}
              hint={t('justice.form.recordHint')}
              initial={opts.records[recKind]}
              value={recordRef}
              onChange={setRecordRef}
            />
          ) : null}
          <SelectField
            label={t('justice.form.outcome')}
            options={[
              { value: '', label: t('justice.form.noOutcome') },
              ...STAGE_OUTCOMES[stage].map((o) => ({ value: o, label: t(`justice.outcomes.${o}`) })),
            ]}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
          />
          {stage === 'sentence' ? (
            <>
              <TextField
                label={t('justice.form.sentenceMonths')}
                type="number"
                min={0}
                max={2400}
                inputMode="numeric"
                value={months}
                onChange={(e) => setMonths(e.target.value)}
              />
              <MoneyField label={t('justice.form.fine')} value={fine} onChange={setFine} />
            </>
          ) : null}
        </div>
        <StageParties
          defendants={opts.defendants}
          victims={victimOptions}
          charges={charges}
          onCharges={setCharges}
          defendantIds={defendantIds}
          onDefendantIds={setDefendantIds}
          victimIds={victimIds}
          onVictimIds={setVictimIds}
          complicity={complicity}
          onComplicity={setComplicity}
        />
        {complicity ? (
          <TextField
            label={t('justice.form.complicityNote')}
            hint={t('justice.form.complicityHint')}
            value={note}
            maxLength={4000}
            onChange={(e) => setNote(e.target.value)}
          />
        ) : null}
        {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
        <div className="form-actions">
          <Button type="submit" busy={busy} disabled={!startedOn}>
            {t('justice.next.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function Restitution({
  view,
  opts,
  onChange,
}: {
  view: StageView;
  opts: Options;
  onChange: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const s = view.stage;
  const [convictionRef, setConvictionRef] = useState(s.recordRef ?? '');
  const convictionChoices = recordChoices('convictions', opts.records.convictions, t);
  const [victim, setVictim] = useState(s.victims[0]?.personId ?? '');
  const [debtor, setDebtor] = useState(s.defendants[0]?.id ?? '');
  const [amount, setAmount] = useState('');
  const [orderedOn, setOrderedOn] = useState(s.startedOn);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  async function order(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await api.post(`/justice/stages/${s.id}/restitution`, {
        convictionRef,
        victimPersonId: victim,
        debtorDefendantId: debtor || null,
        orderedMxn: amount,
        orderedOn: orderedOn || null,
      });
      setAmount('');
      setDone(t('justice.restitution.ordered'));
      await onChange();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  }

  return (
    <section className="card" aria-labelledby="jd-rest">
      <h2 id="jd-rest">{t('justice.restitution.title')}</h2>
      {view.restitution.length === 0 ? <p>{t('justice.restitution.none')}</p> : null}
      {view.restitution.map((o) => (
        <article
          key={o.id}
          className="card"
          aria-label={t('justice.restitution.orderFor', { name: o.victimName ?? '—' })}
        >
          <h3>
            {t('justice.restitution.orderFor', {
              name: o.victimName ?? t('justice.stage.otherAgencyPerson'),
            })}
          </h3>
          <dl className="facts facts-stack-narrow">
            <dt>{t('justice.restitution.conviction')}</dt>
            <dd className="wrap-anywhere">
              {convictionChoices.find((c) => c.value === o.convictionRef)?.label ??
                t('justice.stage.recordRecorded')}
            </dd>
            <dt>{t('justice.restitution.debtor')}</dt>
            <dd>{o.debtorName ?? '—'}</dd>
            <dt>{t('justice.restitution.orderedMxn')}</dt>
            <dd className="jd-money">{formatMoney(o.orderedMxn)}</dd>
            <dt>{t('justice.restitution.paidMxn')}</dt>
            <dd className="jd-money">{formatMoney(o.paidMxn)}</dd>
            <dt>{t('justice.restitution.outstandingMxn')}</dt>
            <dd className="jd-money">
              <strong>{formatMoney(o.outstandingMxn)}</strong>
            </dd>
          </dl>
          {o.payments.length ? (
            <>
              <h4>{t('justice.restitution.payments')}</h4>
              <ul>
                {o.payments.map((p) => (
                  <li key={p.id}>
                    {t('justice.restitution.paymentLine', {
                      date: formatDate(p.paidOn),
                      amount: formatMoney(p.amountMxn),
                      payer: p.payerName ?? t(`justice.payers.${p.payer}`),
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <PaymentForm order={o} defendants={view.stage.defendants} onDone={onChange} />
        </article>
      ))}
      {view.caseRestitution.length ? (
        <>
          <h3>{t('justice.restitution.onCases')}</h3>
          <p className="hint">{t('justice.restitution.onCasesHint')}</p>
          <ul className="jd-case-orders">
            {view.caseRestitution.map((o) => (
              <li key={o.id}>
                <Link to={`/cases/${o.caseId}`}>
                  {t('justice.restitution.orderFor', {
                    name: o.victimName ?? t('justice.stage.otherAgencyPerson'),
                  })}
                </Link>
                {': '}
                {t('justice.restitution.onCaseLine', {
                  conviction:
                    convictionChoices.find((c) => c.value === o.convictionRef)?.label ??
                    t('justice.stage.recordRecorded'),
                  ordered: formatMoney(o.orderedMxn),
                  paid: formatMoney(o.paidMxn),
                  outstanding: formatMoney(o.outstandingMxn),
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('justice.restitution.newTitle')}</h3>
      <form className="form" onSubmit={order}>
        <div className="jd-grid">
          <RecordCombobox
            kind="convictions"
            label={t('justice.restitution.conviction')}
            hint={t('justice.restitution.convictionHint')}
            required
            initial={opts.records.convictions}
            value={convictionRef}
            onChange={setConvictionRef}
          />
          <SelectField
            label={t('justice.restitution.victim')}
            required
            options={[
              { value: '', label: t('justice.restitution.pickVictim') },
              ...s.victims.map((v) => ({
                value: v.personId,
                label: v.name ?? t('justice.stage.otherAgencyPerson'),
              })),
            ]}
            value={victim}
            onChange={(e) => setVictim(e.target.value)}
          />
          <SelectField
            label={t('justice.restitution.debtor')}
            options={[
              { value: '', label: t('justice.restitution.noDebtor') },
              ...s.defendants.map((d) => ({ value: d.id, label: d.displayName })),
            ]}
            value={debtor}
            onChange={(e) => setDebtor(e.target.value)}
          />
          <MoneyField
            label={t('justice.restitution.orderedMxn')}
            required
            value={amount}
            onChange={setAmount}
          />
          <DateField label={t('justice.restitution.orderedOn')} value={orderedOn} onChange={setOrderedOn} />
        </div>
        {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
        {done ? <Alert kind="success">{done}</Alert> : null}
        <div className="form-actions">
          <Button type="submit" busy={busy} disabled={!convictionRef || !victim || !amount}>
            {t('justice.restitution.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function PaymentForm({
  order,
  defendants,
  onDone,
}: {
  order: Order;
  defendants: { id: string; displayName: string }[];
  onDone: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [paidOn, setPaidOn] = useState('');
  const [amount, setAmount] = useState('');
  const [payer, setPayer] = useState('defendant');
  const [payerId, setPayerId] = useState(defendants[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function pay(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`/justice/restitution/${order.id}/payments`, {
        paidOn,
        amountMxn: amount,
        payer,
        payerDefendantId: payer === 'defendant' && payerId ? payerId : null,
      });
      setAmount('');
      await onDone();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  }

  return (
    <form className="form" onSubmit={pay} aria-label={t('justice.restitution.payTitle')}>
      <h4>{t('justice.restitution.payTitle')}</h4>
      <div className="jd-grid">
        <DateField label={t('justice.restitution.paidOn')} required value={paidOn} onChange={setPaidOn} />
        <MoneyField label={t('justice.restitution.amount')} required value={amount} onChange={setAmount} />
        <SelectField
          label={t('justice.restitution.payer')}
          options={['defendant', 'assistance_fund', 'seized_assets', 'other'].map((p) => ({
            value: p,
            label: t(`justice.payers.${p}`),
          }))}
          value={payer}
          onChange={(e) => setPayer(e.target.value)}
        />
        {payer === 'defendant' ? (
          <SelectField
            label={t('justice.restitution.payerDefendant')}
            options={[
              { value: '', label: t('justice.restitution.noDebtor') },
              ...defendants.map((d) => ({ value: d.id, label: d.displayName })),
            ]}
            value={payerId}
            onChange={(e) => setPayerId(e.target.value)}
          />
        ) : null}
      </div>
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      <div className="form-actions">
        <Button type="submit" variant="secondary" busy={busy} disabled={!paidOn || !amount}>
          {t('justice.restitution.paySubmit')}
        </Button>
      </div>
    </form>
  );
}
