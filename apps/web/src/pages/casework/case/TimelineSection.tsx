import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../ui/Button.tsx';
import { SelectField, TextField } from '../../../ui/Field.tsx';
import type { TimelineEntry } from '../types.ts';
import { FormFooter } from './FormFooter.tsx';
import { dayLabel, useCase } from './useCase.tsx';

const PHASES = ['recruitment', 'transit', 'exploitation', 'exit', 'other'] as const;
const EMPTY = { phase: 'recruitment', from: '', to: '', place: '', description: '' };

/** The person's story as dated events (recruitment, transit, exploitation, exit), in date order. */
export function TimelineSection() {
  const { t, i18n } = useTranslation();
  const { c, busy, patch } = useCase();
  const [f, setF] = useState(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const sorted = c.timeline
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.from ?? '9999').localeCompare(b.e.from ?? '9999') || a.i - b.i);

  async function add(ev: FormEvent) {
    ev.preventDefault();
    if (!f.from && !f.place.trim() && !f.description.trim())
      return setProblem(t('casework.page.eventNeedsSomething'));
    if (f.from && f.to && f.to < f.from) return setProblem(t('casework.page.toBeforeFrom'));
    setProblem(null);
    const e: TimelineEntry = { phase: f.phase };
    if (f.from) e.from = f.from;
    if (f.to) e.to = f.to;
    if (f.place.trim()) e.place = f.place.trim();
    if (f.description.trim()) e.description = f.description.trim();
    if (await patch({ timeline: [...c.timeline, e] }, t('casework.page.eventAdded'))) setF(EMPTY);
  }

  return (
    <section className="card" aria-labelledby="cw-timeline">
      <h2 id="cw-timeline">{t('casework.page.timeline')}</h2>
      {c.timeline.length === 0 ? <p>{t('casework.page.noEvents')}</p> : null}
      <ol className="cw-timeline">
        {sorted.map(({ e, i }) => (
          <li key={i}>
            <strong>{t(`casework.page.phase.${e.phase}`)}</strong>
            {e.from ? ` · ${dayLabel(e.from, i18n.language)}` : ''}
            {e.to ? ` – ${dayLabel(e.to, i18n.language)}` : ''}
            {e.place ? ` · ${e.place}` : ''}
            {e.description ? <p className="cw-muted">{e.description}</p> : null}
            <Button
              variant="link"
              busy={busy}
              onClick={() =>
                patch({ timeline: c.timeline.filter((_, j) => j !== i) }, t('casework.page.eventRemoved'))
              }
            >
              {t('casework.page.removeNamed', { name: t(`casework.page.phase.${e.phase}`) })}
            </Button>
          </li>
        ))}
      </ol>
      <form className="form" onSubmit={add} aria-labelledby="cw-timeline-new">
        <h3 id="cw-timeline-new">{t('casework.page.addEvent')}</h3>
        <div className="cw-grid">
          <SelectField
            label={t('casework.page.phaseLabel')}
            value={f.phase}
            onChange={(e) => setF({ ...f, phase: e.target.value })}
            options={PHASES.map((p) => ({ value: p, label: t(`casework.page.phase.${p}`) }))}
          />
          <TextField
            label={t('casework.page.from')}
            type="date"
            value={f.from}
            onChange={(e) => setF({ ...f, from: e.target.value })}
          />
          <TextField
            label={t('casework.page.to')}
            type="date"
            value={f.to}
            onChange={(e) => setF({ ...f, to: e.target.value })}
          />
          <TextField
            label={t('casework.page.place')}
            value={f.place}
            autoComplete="off"
            onChange={(e) => setF({ ...f, place: e.target.value })}
          />
        </div>
        <TextField
          label={t('casework.page.whatHappened')}
          value={f.description}
          autoComplete="off"
          onChange={(e) => setF({ ...f, description: e.target.value })}
        />
        <FormFooter problem={problem} busy={busy} label={t('casework.page.addEvent')} />
      </form>
    </section>
  );
}
