import { useTranslation } from 'react-i18next';
import { useCase } from './useCase.tsx';

/** Every change to the case, newest last, named in words. */
export function HistorySection() {
  const { t, i18n } = useTranslation();
  const { history } = useCase();
  return (
    <section className="card" aria-labelledby="cw-history">
      <h2 id="cw-history">{t('casework.history.title')}</h2>
      <ol className="cw-list">
        {history.map((h) => (
          <li key={h.id}>
            {new Date(h.at).toLocaleString(i18n.language)} ·{' '}
            {t(`casework.history.${h.action}`, { defaultValue: h.action })}
            {h.action === 'updated' && h.fields.length
              ? `: ${h.fields.map((f) => t(`casework.page.field.${f}`, { defaultValue: f })).join(', ')}`
              : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
