import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale, isLocale, LOCALES, setLocale } from '../i18n/index.ts';

/** es-MX / en-US selector; the choice persists in localStorage and sets <html lang>. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <div className="lang-switch">
      <label htmlFor="lang-switch">{t('language.label')}</label>
      <select
        id="lang-switch"
        value={currentLocale()}
        disabled={busy}
        onChange={(e) => {
          const v = e.target.value;
          if (!isLocale(v)) return;
          setBusy(true);
          setLocale(v).finally(() => setBusy(false));
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
