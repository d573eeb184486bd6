import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../ui/Field.tsx';
import { fold, loadMunicipios, type Municipio } from '../providers/catalog.ts';
import { stateName } from '../tips/states.ts';

const label = (m: Municipio) => `${m.name}, ${stateName(m.stateCode)}`;

/** The municipality searched by name among the INEGI municipalities; the API gets its 5-digit code. */
export function MunicipalityField({
  value,
  onChange,
  label: fieldLabel,
}: {
  value: string | null;
  onChange: (code: string | null) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const listId = useId();
  const [all, setAll] = useState<Municipio[]>([]);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    loadMunicipios().then(setAll, () => setAll([]));
  }, []);
  useEffect(() => {
    const m = value ? all.find((x) => x.code === value) : undefined;
    if (m) setText(label(m));
  }, [all, value]);
  const matches = useMemo(() => {
    const q = fold(text.trim());
    if (q.length < 2) return [];
    return all.filter((m) => fold(label(m)).includes(q)).slice(0, 40);
  }, [all, text]);
  const choose = (s: string) => {
    setText(s);
    setProblem(null);
    if (s.trim() === '') return onChange(null);
    const m = all.find((x) => label(x) === s);
    if (m) onChange(m.code);
  };
  return (
    <>
      <TextField
        label={fieldLabel}
        hint={t('casework.page.municipalityHint')}
        value={text}
        list={listId}
        autoComplete="off"
        error={problem ?? undefined}
        onChange={(e) => choose(e.target.value)}
        onBlur={() => {
          if (text.trim() !== '' && !all.some((x) => label(x) === text))
            setProblem(t('casework.page.municipalityPick'));
        }}
      />
      <datalist id={listId}>
        {matches.map((m) => (
          <option key={m.code} value={label(m)} />
        ))}
      </datalist>
    </>
  );
}
