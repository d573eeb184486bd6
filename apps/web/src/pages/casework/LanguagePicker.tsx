import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button.tsx';
import { languageByName, languageChoices } from './catalog.ts';
import { languageName } from './labels.ts';

/**
 * The languages a person speaks, chosen by name (Indigenous languages included): a combobox that suggests names
 * as one types, and the chosen languages as a list with a "remove" button each. The API gets ISO 639-3 codes.
 */
export function LanguagePicker({
  value,
  onChange,
  label,
}: {
  value: string[];
  onChange: (codes: string[]) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const choices = useMemo(() => languageChoices(t), [t]);
  const offered = choices.filter((c) => !value.includes(c.code));
  const add = (typed: string, strict: boolean) => {
    const code = languageByName(typed, offered);
    if (code && (!strict || choices.some((c) => c.name === typed))) {
      onChange([...value, code]);
      setText('');
      setProblem(null);
      return true;
    }
    return false;
  };
  return (
    <div className={`field${problem ? ' has-error' : ''}`}>
      <label htmlFor={`${id}-input`}>{label}</label>
      <p id={`${id}-hint`} className="field-hint">
        {t('casework.page.languagesHint')}
      </p>
      {value.length ? (
        <ul className="cw-chips" aria-label={t('casework.page.languagesChosen')}>
          {value.map((code, i) => (
            <li key={code}>
              <span>
                {languageName(code, t)}
                {i === 0 ? ` (${t('casework.page.firstLanguage')})` : ''}
              </span>
              <Button
                variant="link"
                aria-label={t('casework.page.removeLanguage', { name: languageName(code, t) })}
                onClick={() => onChange(value.filter((c) => c !== code))}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="cw-inline">
        <input
          id={`${id}-input`}
          list={`${id}-list`}
          autoComplete="off"
          value={text}
          aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => {
            setText(e.target.value);
            // Picking a suggestion puts its exact name in the box: add it at once.
            add(e.target.value, true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (text.trim() && !add(text, false)) setProblem(t('casework.page.languagePick'));
            }
          }}
        />
        <Button
          variant="secondary"
          onClick={() => {
            if (!add(text, false)) setProblem(t('casework.page.languagePick'));
          }}
        >
          {t('casework.page.addLanguage')}
        </Button>
      </div>
      <datalist id={`${id}-list`}>
        {offered.map((c) => (
          <option key={c.code} value={c.name} />
        ))}
      </datalist>
      {problem ? (
        <p id={`${id}-error`} className="field-error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
