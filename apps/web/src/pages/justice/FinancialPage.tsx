import { FINANCIAL_REPORT_TYPES } from '@enlace/core/justice';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import type { Column } from '../../ui/DataTable.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { Checks, formatDate, formatMoney, type Options } from './common.tsx';
import { DateField, ListPage, MoneyField } from './ListPage.tsx';
import './justice.css';

type ReportItem = ApiResponse<'/api/financial-intelligence'>['items'][number];
type Report = ApiResponse<'/api/financial-intelligence/{id}'>;
type SubjectRow = Report['subjects'][number];
type AccountRow = Report['accounts'][number];

/** Financial intelligence: reports with type, subjects, accounts, amount and currency, linked to chains and defendants. */
export default function FinancialPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<ReportItem[] | null>(null);
  const [opts, setOpts] = useState<Options | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      const [l, o] = await Promise.all([
        api.get<ApiResponse<'/api/financial-intelligence'>>('/financial-intelligence', {
          query: { limit: 500 },
        }),
        api.get<Options>('/justice/options'),
      ]);
      setItems(l.items);
      setOpts(o);
    } catch (e) {
      setLoadError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const columns: Column<ReportItem>[] = [
    {
      key: 'report',
      header: t('justice.financial.columns.report'),
      render: (r) => (
        <>
          <strong>{t(`justice.financialTypes.${r.reportType}`)}</strong>
          <br />
          <small>{[r.reference, formatDate(r.reportedOn), r.institution].filter(Boolean).join(' · ')}</small>
        </>
      ),
    },
    {
      key: 'amount',
      header: t('justice.financial.columns.amount'),
      className: 'num',
      render: (r) => <span className="jd-money">{formatMoney(r.amount, r.currency)}</span>,
    },
    {
      key: 'subjects',
      header: t('justice.financial.columns.subjects'),
      render: (r) =>
        r.subjects.map((s) => `${s.name} (${t(`justice.financial.kinds.${s.kind}`)})`).join('; ') || '—',
    },
    {
      key: 'links',
      header: t('justice.financial.columns.links'),
      render: (r) =>
        `${t('justice.financial.chainsCount', { count: r.chains })}; ${t('justice.chains.defendants', { count: r.defendants })}`,
    },
  ];

  return (
    <ListPage
      title={t('justice.nav.financial')}
      description={t('justice.financial.description')}
      caption={t('justice.financial.caption')}
      columns={columns}
      rows={items}
      rowKey={(r) => r.id}
      loadError={loadError}
      empty={t('justice.financial.empty')}
    >
      {opts ? <ReportForm opts={opts} onCreated={load} /> : null}
    </ListPage>
  );
}

function ReportForm({ opts, onCreated }: { opts: Options; onCreated: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [reportType, setReportType] = useState<string>('unusual_operation');
  const [reference, setReference] = useState('');
  const [reportedOn, setReportedOn] = useState('');
  const [institution, setInstitution] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('MXN');
  const [subjects, setSubjects] = useState<SubjectRow[]>([{ kind: 'person', name: '', taxId: '' }]);
  const [accounts, setAccounts] = useState<AccountRow[]>([{ institution: '', number: '', holder: '' }]);
  const [chainIds, setChainIds] = useState<string[]>([]);
  const [defendantIds, setDefendantIds] = useState<string[]>([]);
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.post('/financial-intelligence', {
        reportType,
        reference,
        reportedOn,
        institution,
        amount,
        currency,
        subjects: subjects.filter((s) => s.name.trim()),
        accounts: accounts.filter((a) => a.number.trim()),
        notes,
        chainIds,
        defendantIds,
      });
      setDone(true);
      setReference('');
      setAmount('');
      setSubjects([{ kind: 'person', name: '', taxId: '' }]);
      setAccounts([{ institution: '', number: '', holder: '' }]);
      await onCreated();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  }
  const setSubject = (i: number, p: Partial<SubjectRow>) =>
    setSubjects(subjects.map((s, k) => (k === i ? { ...s, ...p } : s)));
  const setAccount = (i: number, p: Partial<AccountRow>) =>
    setAccounts(accounts.map((a, k) => (k === i ? { ...a, ...p } : a)));

  return (
    <section className="card" aria-labelledby="jd-fin-new">
      <h2 id="jd-fin-new">{t('justice.financial.newTitle')}</h2>
      <form className="form" onSubmit={submit}>
        <div className="jd-grid">
          <SelectField
            label={t('justice.financial.type')}
            options={FINANCIAL_REPORT_TYPES.map((x) => ({
              value: x,
              label: t(`justice.financialTypes.${x}`),
            }))}
            value={reportType}
            onChange={(e) => setReportType(e.target.value)}
          />
          <TextField
            label={t('justice.financial.reference')}
            value={reference}
            maxLength={100}
            onChange={(e) => setReference(e.target.value)}
          />
          <DateField
            label={t('justice.financial.reportedOn')}
            required
            value={reportedOn}
            onChange={setReportedOn}
          />
          <TextField
            label={t('justice.financial.institution')}
            value={institution}
            maxLength={300}
            onChange={(e) => setInstitution(e.target.value)}
          />
          <MoneyField
            label={t('justice.financial.amount')}
            digits={16}
            required
            value={amount}
            onChange={setAmount}
          />
          <SelectField
            label={t('justice.financial.currency')}
            options={['MXN', 'USD', 'EUR', 'GTQ', 'COP'].map((c) => ({ value: c, label: c }))}
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
          />
        </div>
        <fieldset className="jd-checks">
          <legend>{t('justice.financial.subjects')}</legend>
          {subjects.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and never reordered
            <div className="jd-grid" key={i}>
              <SelectField
                label={t('justice.financial.subjectKind', { n: i + 1 })}
                options={(['person', 'company'] as const).map((k) => ({
                  value: k,
                  label: t(`justice.financial.kinds.${k}`),
                }))}
                value={s.kind}
                onChange={(e) => setSubject(i, { kind: e.target.value as SubjectRow['kind'] })}
              />
              <TextField
                label={t('justice.financial.subjectName', { n: i + 1 })}
                value={s.name}
                maxLength={300}
                onChange={(e) => setSubject(i, { name: e.target.value })}
              />
              <TextField
                label={t('justice.financial.taxId', { n: i + 1 })}
                value={s.taxId}
                maxLength={20}
                onChange={(e) => setSubject(i, { taxId: e.target.value })}
              />
            </div>
          ))}
          <div className="form-actions">
            <Button
              variant="secondary"
              onClick={() => setSubjects([...subjects, { kind: 'company', name: '', taxId: '' }])}
            >
              {t('justice.financial.addSubject')}
            </Button>
          </div>
        </fieldset>
        <fieldset className="jd-checks">
          <legend>{t('justice.financial.accounts')}</legend>
          {accounts.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and never reordered
            <div className="jd-grid" key={i}>
              <TextField
                label={t('justice.financial.accountInstitution', { n: i + 1 })}
                value={a.institution}
                maxLength={200}
                onChange={(e) => setAccount(i, { institution: e.target.value })}
              />
              <TextField
                label={t('justice.financial.accountNumber', { n: i + 1 })}
                value={a.number}
                maxLength={40}
                onChange={(e) => setAccount(i, { number: e.target.value })}
              />
              <TextField
                label={t('justice.financial.accountHolder', { n: i + 1 })}
                value={a.holder}
                maxLength={300}
                onChange={(e) => setAccount(i, { holder: e.target.value })}
              />
            </div>
          ))}
          <div className="form-actions">
            <Button
              variant="secondary"
              onClick={() => setAccounts([...accounts, { institution: '', number: '', holder: '' }])}
            >
              {t('justice.financial.addAccount')}
            </Button>
          </div>
        </fieldset>
        <div className="jd-grid">
          <Checks
            legend={t('justice.financial.chains')}
            options={opts.chains.map((c) => ({
              value: c.id,
              label: `${c.reference || t('justice.chains.noReference')} · ${formatDate(c.openedOn)}`,
            }))}
            value={chainIds}
            onChange={setChainIds}
            empty={t('justice.financial.noChains')}
          />
          <Checks
            legend={t('justice.form.defendants')}
            options={opts.defendants.map((d) => ({ value: d.id, label: d.displayName }))}
            value={defendantIds}
            onChange={setDefendantIds}
            empty={t('justice.form.noDefendants')}
          />
        </div>
        <TextField
          label={t('justice.form.notes')}
          value={notes}
          maxLength={4000}
          onChange={(e) => setNotes(e.target.value)}
        />
        {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
        {done ? <Alert kind="success">{t('justice.financial.saved')}</Alert> : null}
        <div className="form-actions">
          <Button type="submit" busy={busy} disabled={!reportedOn || !amount}>
            {t('justice.financial.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
