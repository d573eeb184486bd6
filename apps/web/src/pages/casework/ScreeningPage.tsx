import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { type Instrument, type InstrumentItem, pick, type ScreeningView } from './types.ts';

function choicesOf(item: InstrumentItem, language: string, t: (k: string) => string) {
  if (item.type === 'yes_no')
    return ['yes', 'no', 'unsure'].map((v) => ({ value: v, label: t(`casework.screening.${v}`) }));
  return (item.options ?? []).map((o) => ({ value: o.value, label: pick(o.label, language) }));
}

export default function ScreeningPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [s, setS] = useState<ScreeningView | null>(null);
  const [inst, setInst] = useState<Instrument | null>(null);
  const [value, setValue] = useState<string>('');
  const [multi, setMulti] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [who, setWho] = useState({ givenNames: '', surname1: '' });
  const lang = i18n.language;

  const load = useCallback(async () => {
    try {
      const view = await api.get<ScreeningView>(`/screenings/${id}`);
      setS(view);
      setInst(await api.get<Instrument>(`/instruments/${view.instrument.id}/${view.instrument.version}`));
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const item = inst && s?.nextItemId ? inst.items.find((i) => i.id === s.nextItemId) : undefined;

  async function send(v: unknown) {
    if (!item) return;
    setBusy(true);
    setError(null);
    try {
      setS(await api.put<ScreeningView>(`/screenings/${id}/answers/${item.id}`, { value: v }));
      setValue('');
      setMulti([]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!item) return;
    if (item.type === 'multi_choice') void send(multi);
    else if (item.type === 'number') void send(Number(value));
    else void send(value);
  }

  async function act(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const title = inst ? pick(inst.title, lang) : t('casework.screening.title');
  return (
    <>
      <PageHeader title={title} description={inst ? pick(inst.intro, lang) : undefined} />
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {s && s.status === 'in_progress' ? (
        <ProgressBar
          label={t('casework.screening.progress')}
          value={s.progress.answered}
          max={s.progress.shown}
        />
      ) : null}
      {item ? (
        <form className="card form" onSubmit={submit} key={item.id}>
          {item.type === 'yes_no' || item.type === 'single_choice' || item.type === 'multi_choice' ? (
            <fieldset>
              <legend>{pick(item.text, lang)}</legend>
              {item.help ? <p className="field-hint">{pick(item.help, lang)}</p> : null}
              {choicesOf(item, lang, t).map((c) => (
                <label key={c.value} className="check">
                  <input
                    type={item.type === 'multi_choice' ? 'checkbox' : 'radio'}
                    name={item.id}
                    value={c.value}
                    checked={item.type === 'multi_choice' ? multi.includes(c.value) : value === c.value}
                    onChange={(e) =>
                      item.type === 'multi_choice'
                        ? setMulti((m) =>
                            e.target.checked ? [...m, c.value] : m.filter((x) => x !== c.value),
                          )
                        : setValue(c.value)
                    }
                  />
                  <span>{c.label}</span>
                </label>
              ))}
            </fieldset>
          ) : (
            <TextField
              label={pick(item.text, lang)}
              hint={item.help ? pick(item.help, lang) : undefined}
              type={item.type === 'number' ? 'number' : 'text'}
              min={item.min}
              max={item.max}
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
          <div className="form-actions">
            <Button
              type="submit"
              busy={busy}
              disabled={item.type === 'multi_choice' ? multi.length === 0 : value === ''}
            >
              {t('casework.screening.next')}
            </Button>
            <Button type="button" variant="secondary" busy={busy} onClick={() => void send(null)}>
              {t('casework.screening.decline')}
            </Button>
          </div>
        </form>
      ) : null}
      {s && s.status === 'in_progress' && !s.nextItemId ? (
        <div className="card">
          <p>{t('casework.screening.allAnswered')}</p>
          <Button
            busy={busy}
            onClick={() => act(async () => setS(await api.post<ScreeningView>(`/screenings/${id}/complete`)))}
          >
            {t('casework.screening.complete')}
          </Button>
        </div>
      ) : null}
      {s && s.status === 'completed' ? (
        <section className="card" aria-labelledby="cw-result">
          <h2 id="cw-result">{t('casework.screening.result')}</h2>
          <Alert kind={s.result.recommendation === 'refer_for_assessment' ? 'warning' : 'info'}>
            {t(`casework.recommendation.${s.result.recommendation}`)}
          </Alert>
          {s.result.flags.length ? (
            <ul>
              {s.result.flags.map((f) => (
                <li key={f.flag}>
                  <strong>{t(`casework.flags.${f.flag}`)}</strong>: {pick(f.reason, lang)}
                </li>
              ))}
            </ul>
          ) : null}
          {s.result.indicators.length ? (
            <>
              <h3>{t('casework.screening.indicatorsFound')}</h3>
              <ul>
                {s.result.indicators.map((f) => (
                  <li key={f.indicator}>
                    <strong>{t(`casework.indicators.${f.indicator}`)}</strong> (
                    {t(`casework.strength.${f.strength}`)}):{' '}
                    {f.evidence.map((e) => pick(e.reason, lang)).join(' ')}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {inst ? <p>{pick(inst.closing, lang)}</p> : null}
          {s.caseId ? (
            <Button onClick={() => navigate(`/cases/${s.caseId}`)}>{t('casework.screening.goToCase')}</Button>
          ) : (
            <form
              className="form"
              aria-labelledby="cw-open-case"
              onSubmit={(e) => {
                e.preventDefault();
                void act(async () => {
                  const person = {
                    ...(who.givenNames.trim() ? { givenNames: who.givenNames.trim() } : {}),
                    ...(who.surname1.trim() ? { surname1: who.surname1.trim() } : {}),
                  };
                  const c = await api.post<ApiResponse<'/api/cases', 'post'>>('/cases', {
                    fromScreeningId: id,
                    person,
                  });
                  navigate(`/cases/${c.id}`);
                });
              }}
            >
              <h3 id="cw-open-case">{t('casework.page.openCaseTitle')}</h3>
              <p className="field-hint">{t('casework.page.openCaseHint')}</p>
              <TextField
                label={t('casework.person.givenNames')}
                value={who.givenNames}
                autoComplete="off"
                onChange={(e) => setWho({ ...who, givenNames: e.target.value })}
              />
              <TextField
                label={t('casework.page.surname1')}
                value={who.surname1}
                autoComplete="off"
                onChange={(e) => setWho({ ...who, surname1: e.target.value })}
              />
              <div className="form-actions">
                <Button type="submit" busy={busy}>
                  {t('casework.screening.openCase')}
                </Button>
              </div>
            </form>
          )}
        </section>
      ) : null}
    </>
  );
}
