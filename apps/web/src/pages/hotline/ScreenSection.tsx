import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { holds } from './shared.tsx';
import type { Condition, Contact, Instrument } from './types.ts';

/** The short screen of case work, asked during the contact; the result names what was found and why. */
export function ScreenSection({
  contact,
  busy,
  onSave,
}: {
  contact: Contact;
  busy: boolean;
  onSave: (answers: Record<string, unknown>) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('en') ? 'en' : 'es';
  const [inst, setInst] = useState<Instrument | null>(null);
  const [answers, setAnswers] = useState<Record<string, unknown>>(contact.screen?.answers ?? {});
  const [open, setOpen] = useState(false);
  useEffect(() => {
    api.get<Instrument>('/hotline/screen').then(setInst, () => setInst(null));
  }, []);
  const set = (id: string, v: unknown) =>
    setAnswers((a) => {
      const next = { ...a };
      if (v === '' || v === undefined) delete next[id];
      else next[id] = v;
      return next;
    });
  const result = contact.screen?.result;
  return (
    <section className="card hl-section-card" aria-labelledby="hl-screen">
      <h2 id="hl-screen">{t('hotline.screen.title')}</h2>
      {result ? (
        <div className="hl-result">
          <p>
            <strong>{t(`casework.recommendation.${result.recommendation}`)}</strong>
          </p>
          {result.indicators.length ? (
            <ul>
              {result.indicators.map((i) => (
                <li key={i.indicator}>
                  {t(`casework.indicators.${i.indicator}`)} ({t(`casework.strength.${i.strength}`)})
                </li>
              ))}
            </ul>
          ) : null}
          {result.flags.length ? (
            <p>{result.flags.map((f) => t(`casework.flags.${f.flag}`)).join(' · ')}</p>
          ) : null}
        </div>
      ) : (
        <p>{t('hotline.screen.none')}</p>
      )}
      {!open ? (
        <Button variant="secondary" onClick={() => setOpen(true)} disabled={!inst}>
          {result ? t('hotline.screen.edit') : t('hotline.screen.start')}
        </Button>
      ) : inst ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            onSave(answers);
            setOpen(false);
          }}
        >
          <p className="field-hint">{inst.intro[lang]}</p>
          {inst.items
            .filter((item) => holds(item.showIf as Condition | undefined, answers))
            .map((item) => {
              const text = item.text[lang];
              const v = answers[item.id];
              if (item.type === 'number')
                return (
                  <TextField
                    key={item.id}
                    label={text}
                    type="number"
                    inputMode="numeric"
                    min={item.min}
                    max={item.max}
                    value={typeof v === 'number' ? String(v) : ''}
                    onChange={(e) => set(item.id, e.target.value === '' ? undefined : Number(e.target.value))}
                  />
                );
              const options =
                item.type === 'yes_no'
                  ? (['yes', 'no', 'unsure'] as const).map((o) => ({
                      value: o,
                      label: t(`hotline.screen.${o}`),
                    }))
                  : (item.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }));
              return (
                <SelectField
                  key={item.id}
                  label={text}
                  value={typeof v === 'string' ? v : ''}
                  onChange={(e) => set(item.id, e.target.value)}
                  options={[{ value: '', label: t('hotline.screen.notAsked') }, ...options]}
                />
              );
            })}
          <div className="form-actions">
            <Button type="submit" busy={busy}>
              {t('hotline.screen.save')}
            </Button>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t('hotline.cancel')}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
