import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api/client.ts';
import type { ApiResponse } from '../../../api/types.ts';
import { SelectField, TextField } from '../../../ui/Field.tsx';
import { localToday } from '../../../ui/today.ts';
import { stateName } from '../../tips/states.ts';
import { parseMoneyInput } from '../catalog.ts';
import { formatMoney } from '../labels.ts';
import { FormFooter } from './FormFooter.tsx';
import { dayLabel, useCase } from './useCase.tsx';

/** `GET /api/cases/:id/restitution/convictions`: the convictions to order on, the victim's chain's first. */
type Offered = ApiResponse<'/api/cases/{id}/restitution/convictions'>;
type Conviction = Offered['items'][number];
const today = localToday;

/**
 * Restitution ordered in a conviction and paid (by the person sentenced or the assistance fund), with the
 * outstanding balance; every amount shown as money ($1,153,265.22 MXN). The conviction is chosen, never typed:
 * those of the justice chain naming this case's victim (or a defendant recorded from the case) come first, each
 * named by its date, court, defendants, articles charged and file number.
 */
export function RestitutionSection() {
  const { t, i18n } = useTranslation();
  const { id, restitution, busy, act, headers } = useCase();
  const [convictions, setConvictions] = useState<Conviction[] | null>(null);
  const [justiceOrders, setJusticeOrders] = useState<Offered['justiceOrders']>([]);
  const [order, setOrder] = useState({ convictionRef: '', amount: '', orderedOn: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const selectId = useId();
  useEffect(() => {
    api
      .get<Offered>(`/cases/${id}/restitution/convictions`)
      .then((r) => {
        setConvictions(r.items);
        setJusticeOrders(r.justiceOrders);
      })
      .catch(() => setConvictions([]));
  }, [id]);
  const convictionLabel = (ref: string) => {
    const cv = convictions?.find((x) => x.id === ref);
    if (!cv) return t('casework.page.conviction');
    const where = cv.court || (cv.stateCode ? stateName(cv.stateCode) : null);
    const what =
      cv.charges.length > 0
        ? t('casework.page.chargesList', { count: cv.charges.length, list: cv.charges.join(', ') })
        : t(`records.values.${cv.primaryForm}`);
    const months =
      cv.sentenceMonths !== null ? t('casework.page.months', { count: cv.sentenceMonths }) : null;
    return [
      t('casework.page.convictionOn', { date: dayLabel(cv.date, i18n.language) }),
      where,
      cv.defendants.join(', ') || null,
      what,
      cv.reference,
      months,
    ]
      .filter(Boolean)
      .join(' · ');
  };
  const ordered = new Set(restitution.orders.map((o) => o.convictionRef));
  const choices = (convictions ?? []).filter((c) => !ordered.has(c.id));
  const groups = [
    {
      key: 'victim',
      label: t('casework.page.convictionsOfVictim'),
      items: choices.filter((c) => c.link === 'victim'),
    },
    {
      key: 'defendant',
      label: t('casework.page.convictionsOfDefendants'),
      items: choices.filter((c) => c.link === 'defendant'),
    },
    {
      key: 'other',
      label: t('casework.page.convictionsOther'),
      items: choices.filter((c) => c.link === null),
    },
  ].filter((g) => g.items.length > 0);
  const linkedLeft = choices.some((c) => c.link !== null);
  const linkedAll = (convictions ?? []).some((c) => c.link !== null);
  // the victim's own sentence is the likely one: chosen already, the caseworker can change it
  const inJustice = new Set(justiceOrders.map((o) => o.convictionRef));
  const firstLinked = choices.find((c) => c.link !== null && !inJustice.has(c.id))?.id ?? '';
  useEffect(() => {
    if (firstLinked) setOrder((o) => (o.convictionRef ? o : { ...o, convictionRef: firstLinked }));
  }, [firstLinked]);

  async function addOrder(e: FormEvent) {
    e.preventDefault();
    const amount = parseMoneyInput(order.amount);
    if (!order.convictionRef) return setProblem(t('casework.page.pickConviction'));
    if (amount === null) return setProblem(t('casework.page.amountInvalid'));
    setProblem(null);
    const ok = await act(
      () =>
        api.post(
          `/cases/${id}/restitution`,
          { convictionRef: order.convictionRef, orderedMxn: amount, orderedOn: order.orderedOn || null },
          { headers },
        ),
      t('casework.page.orderRecorded', { amount: formatMoney(amount) }),
    );
    if (ok) setOrder({ convictionRef: '', amount: '', orderedOn: '' });
  }

  return (
    <section className="card" aria-labelledby="cw-restitution">
      <h2 id="cw-restitution">{t('casework.page.restitution')}</h2>
      {justiceOrders.length > 0 ? (
        <div className="cw-justice-orders">
          <h3>{t('casework.page.justiceOrders')}</h3>
          <p className="field-hint">{t('casework.page.justiceOrdersHint')}</p>
          {justiceOrders.map((o) => (
            <article key={o.id} className="cw-goal" aria-labelledby={`jorder-${o.id}`}>
              <h4 id={`jorder-${o.id}`}>{convictionLabel(o.convictionRef)}</h4>
              <Amounts
                orderedMxn={o.orderedMxn}
                orderedOn={o.orderedOn}
                paidMxn={o.paidMxn}
                outstandingMxn={o.outstandingMxn}
              />
              <ul className="cw-list">
                {o.payments.map((p) => (
                  <li key={p.id}>
                    {dayLabel(p.paidOn, i18n.language)} · {formatMoney(p.amountMxn)} ·{' '}
                    {t(`justice.payers.${p.payer}`)}
                  </li>
                ))}
              </ul>
              <Link to={`/justice/stages/${o.stageId}`}>{t('casework.page.openSentence')}</Link>
            </article>
          ))}
        </div>
      ) : null}
      {restitution.orders.length === 0 && justiceOrders.length === 0 ? (
        <p>{t('casework.page.noOrders')}</p>
      ) : null}
      {restitution.orders.map((o) => {
        const b = restitution.balances.find((x) => x.convictionId === o.convictionRef);
        return (
          <article key={o.id} className="cw-goal" aria-labelledby={`order-${o.id}`}>
            <h3 id={`order-${o.id}`}>{convictionLabel(o.convictionRef)}</h3>
            <Amounts
              orderedMxn={o.orderedMxn}
              orderedOn={o.orderedOn}
              paidMxn={b?.paidMxn ?? '0'}
              outstandingMxn={b?.outstandingMxn ?? o.orderedMxn}
              overpaidMxn={b?.overpaidMxn}
            />
            <ul className="cw-list">
              {restitution.payments
                .filter((p) => p.orderId === o.id)
                .map((p) => (
                  <li key={p.id}>
                    {dayLabel(p.paidOn, i18n.language)} · {formatMoney(p.amountMxn)} ·{' '}
                    {t(`records.values.${p.source}`)}
                  </li>
                ))}
            </ul>
            <PaymentForm orderId={o.id} label={convictionLabel(o.convictionRef)} busy={busy} />
          </article>
        );
      })}
      <form className="form" onSubmit={addOrder} aria-labelledby="cw-order-new">
        <h3 id="cw-order-new">{t('casework.page.addOrder')}</h3>
        {convictions?.length === 0 ? <p>{t('casework.page.noConvictions')}</p> : null}
        <div className="cw-grid">
          <div className="field cw-conviction-field">
            <label htmlFor={selectId}>{t('casework.page.conviction')}</label>
            <p id={`${selectId}-hint`} className="field-hint">
              {linkedLeft
                ? t('casework.page.convictionHintLinked')
                : linkedAll
                  ? t('casework.page.convictionHintDone')
                  : t('casework.page.convictionHintNone')}
            </p>
            <select
              id={selectId}
              aria-describedby={`${selectId}-hint`}
              value={order.convictionRef}
              onChange={(e) => setOrder({ ...order, convictionRef: e.target.value })}
            >
              <option value="">{t('casework.page.choose')}</option>
              {groups.map((g) => (
                <optgroup key={g.key} label={g.label}>
                  {g.items.map((c) => (
                    <option key={c.id} value={c.id}>
                      {convictionLabel(c.id)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <TextField
            label={t('casework.page.amountOrdered')}
            hint={t('casework.page.amountHint')}
            inputMode="decimal"
            autoComplete="off"
            value={order.amount}
            onChange={(e) => setOrder({ ...order, amount: e.target.value })}
            onBlur={() => {
              const a = parseMoneyInput(order.amount);
              if (a !== null) setOrder((o) => ({ ...o, amount: formatMoney(a).replace(/ MXN$/, '') }));
            }}
          />
          <TextField
            label={t('casework.page.orderedOn')}
            type="date"
            max={today()}
            value={order.orderedOn}
            onChange={(e) => setOrder({ ...order, orderedOn: e.target.value })}
          />
        </div>
        <FormFooter problem={problem} busy={busy} label={t('casework.page.addOrder')} />
      </form>
    </section>
  );
}

/** Ordered (with its date), paid, outstanding and, if any, overpaid: one order's amounts, from either side. */
function Amounts(a: {
  orderedMxn: string;
  orderedOn: string | null | undefined;
  paidMxn: string;
  outstandingMxn: string;
  overpaidMxn?: string | null | undefined;
}) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="cw-facts">
      <dt>{t('casework.page.ordered')}</dt>
      <dd>
        {formatMoney(a.orderedMxn)}
        {a.orderedOn ? ` · ${dayLabel(a.orderedOn, i18n.language)}` : ''}
      </dd>
      <dt>{t('casework.page.paid')}</dt>
      <dd>{formatMoney(a.paidMxn)}</dd>
      <dt>{t('casework.page.outstanding')}</dt>
      <dd>
        <strong>{formatMoney(a.outstandingMxn)}</strong>
      </dd>
      {a.overpaidMxn && Number(a.overpaidMxn) > 0 ? (
        <>
          <dt>{t('casework.page.overpaid')}</dt>
          <dd>{formatMoney(a.overpaidMxn)}</dd>
        </>
      ) : null}
    </dl>
  );
}

function PaymentForm({ orderId, label, busy }: { orderId: string; label: string; busy: boolean }) {
  const { t } = useTranslation();
  const { id, act, headers } = useCase();
  const [f, setF] = useState({ paidOn: today(), amount: '', source: 'perpetrator' });
  const [problem, setProblem] = useState<string | null>(null);
  async function add(e: FormEvent) {
    e.preventDefault();
    const amount = parseMoneyInput(f.amount);
    if (amount === null || Number(amount) <= 0) return setProblem(t('casework.page.amountInvalid'));
    setProblem(null);
    const ok = await act(
      () =>
        api.post(
          `/cases/${id}/restitution/${orderId}/payments`,
          { paidOn: f.paidOn, amountMxn: amount, source: f.source },
          { headers },
        ),
      t('casework.page.paymentRecorded', { amount: formatMoney(amount) }),
    );
    if (ok) setF({ ...f, amount: '' });
  }
  return (
    <form className="form" onSubmit={add} aria-label={t('casework.page.addPaymentTo', { name: label })}>
      <div className="cw-grid">
        <TextField
          label={t('casework.page.amountPaid')}
          hint={t('casework.page.amountHint')}
          inputMode="decimal"
          autoComplete="off"
          value={f.amount}
          onChange={(e) => setF({ ...f, amount: e.target.value })}
        />
        <TextField
          label={t('casework.page.paidOn')}
          type="date"
          max={today()}
          value={f.paidOn}
          onChange={(e) => setF({ ...f, paidOn: e.target.value })}
        />
        <SelectField
          label={t('casework.page.paidBy')}
          value={f.source}
          onChange={(e) => setF({ ...f, source: e.target.value })}
          options={['perpetrator', 'assistance_fund'].map((s) => ({
            value: s,
            label: t(`records.values.${s}`),
          }))}
        />
      </div>
      <FormFooter problem={problem} busy={busy} label={t('casework.page.addPayment')} />
    </form>
  );
}
