import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../ui/Button.tsx';
import { SelectField, TextField } from '../../../ui/Field.tsx';
import { localToday } from '../../../ui/today.ts';
import { countryName, NATIONALITIES } from '../catalog.ts';
import { LanguagePicker } from '../LanguagePicker.tsx';
import { MunicipalityField } from '../MunicipalityField.tsx';
import { type Person, SERVICES } from '../types.ts';
import { useCase } from './useCase.tsx';

const MIGRATION = ['mexican_national', 'regular', 'irregular', 'asylum_seeker', 'refugee'] as const;

interface Form {
  givenNames: string;
  surname1: string;
  surname2: string;
  birthDate: string;
  approximateAge: string;
  sex: string;
  nationality: string;
  migrationStatus: string;
  languages: string[];
  indigenous: boolean;
  disability: boolean;
  phone: string;
  curp: string;
  email: string;
  address: string;
  municipality: string | null;
  needs: string[];
}

const toForm = (p: Person, municipality: string | null, needs: string[]): Form => ({
  givenNames: p.givenNames ?? '',
  surname1: p.surname1 ?? '',
  surname2: p.surname2 ?? '',
  birthDate: p.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(p.birthDate) ? p.birthDate : '',
  approximateAge: p.approximateAge === undefined ? '' : String(p.approximateAge),
  sex: p.sex ?? '',
  nationality: p.nationality ?? '',
  migrationStatus: p.migrationStatus ?? '',
  languages: p.languages ?? [],
  indigenous: p.indigenous ?? false,
  disability: p.disability ?? false,
  phone: p.phone ?? '',
  curp: p.curp ?? '',
  email: p.email ?? '',
  address: p.address ?? '',
  municipality,
  needs,
});

/** A light check of an e-mail address (the server checks it fully). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * What is wrong with a CURP, or null. The check (form, birth date, state, check digit) is @enlace/core's, loaded
 * only when a CURP is typed so the case page stays light.
 */
async function curpError(curp: string): Promise<string | null> {
  if (curp === '') return null;
  const { curpProblem } = await import('@enlace/core/curp');
  return curpProblem(curp);
}

/**
 * The person: names, birth date or age, sex, nationality, CURP (checked with its check digit), contact data
 * (phone, e-mail, address), languages by name, municipality by name, needs.
 */
export function PersonSection() {
  const { t, i18n } = useTranslation();
  const { c, busy, patch } = useCase();
  const [f, setF] = useState<Form>(() => toForm(c.person, c.municipality, c.needs));
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((x) => ({ ...x, [k]: v }));
  const [problems, setProblems] = useState<{ curp?: string; email?: string }>({});

  async function check(): Promise<{ curp?: string; email?: string }> {
    const out: { curp?: string; email?: string } = {};
    const curp = f.curp.trim().toUpperCase();
    const cp = await curpError(curp);
    if (cp) out.curp = t(`casework.page.curpProblem.${cp}`);
    const email = f.email.trim();
    if (email && !EMAIL.test(email)) out.email = t('casework.page.emailProblem');
    return out;
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    const found = await check();
    setProblems(found);
    if (found.curp) return document.getElementById('cw-curp')?.focus();
    if (found.email) return document.getElementById('cw-email')?.focus();
    const p: Person = { ...c.person };
    const text = (k: 'givenNames' | 'surname1' | 'surname2' | 'phone' | 'email' | 'address') => {
      const v = f[k].trim();
      if (v) p[k] = v;
      else delete p[k];
    };
    text('givenNames');
    text('surname1');
    text('surname2');
    text('phone');
    text('email');
    text('address');
    const curp = f.curp.trim().toUpperCase();
    if (curp) p.curp = curp;
    else delete p.curp;
    if (f.birthDate) p.birthDate = f.birthDate;
    else if (p.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(p.birthDate)) delete p.birthDate;
    if (f.approximateAge !== '' && String(c.person.approximateAge ?? '') !== f.approximateAge) {
      p.approximateAge = Number(f.approximateAge);
      p.approximateAgeOn = localToday();
    } else if (f.approximateAge === '') {
      delete p.approximateAge;
      delete p.approximateAgeOn;
    }
    for (const k of ['sex', 'nationality', 'migrationStatus'] as const) {
      if (f[k]) p[k] = f[k];
      else delete p[k];
    }
    p.languages = f.languages;
    p.indigenous = f.indigenous;
    p.disability = f.disability;
    void patch({ person: p, municipality: f.municipality, needs: f.needs }, t('casework.case.saved'));
  }

  const collator = new Intl.Collator(i18n.language);
  const countries = NATIONALITIES.map((n) => ({
    value: n.code,
    label: countryName(n.code, i18n.language),
  })).sort((a, b) => (a.value === 'MEX' ? -1 : b.value === 'MEX' ? 1 : collator.compare(a.label, b.label)));
  return (
    <section className="card" aria-labelledby="cw-person">
      <h2 id="cw-person">{t('casework.page.person')}</h2>
      <form className="form" onSubmit={save}>
        <div className="cw-grid">
          <TextField
            label={t('casework.person.givenNames')}
            value={f.givenNames}
            autoComplete="off"
            onChange={(e) => set('givenNames', e.target.value)}
          />
          <TextField
            label={t('casework.page.surname1')}
            value={f.surname1}
            autoComplete="off"
            onChange={(e) => set('surname1', e.target.value)}
          />
          <TextField
            label={t('casework.page.surname2')}
            value={f.surname2}
            autoComplete="off"
            onChange={(e) => set('surname2', e.target.value)}
          />
          <TextField
            label={t('casework.page.birthDate')}
            type="date"
            value={f.birthDate}
            max={localToday()}
            onChange={(e) => set('birthDate', e.target.value)}
          />
          <TextField
            label={t('casework.person.age')}
            hint={
              c.person.approximateAgeOn
                ? t('casework.page.ageGivenOn', {
                    date: new Date(`${c.person.approximateAgeOn}T12:00:00`).toLocaleDateString(i18n.language),
                  })
                : t('casework.page.ageHint')
            }
            type="number"
            inputMode="numeric"
            min={0}
            max={120}
            value={f.approximateAge}
            onChange={(e) => set('approximateAge', e.target.value)}
          />
          <SelectField
            label={t('casework.person.sex')}
            value={f.sex}
            onChange={(e) => set('sex', e.target.value)}
            options={[
              { value: '', label: t('casework.unknown') },
              ...['female', 'male', 'intersex'].map((v) => ({ value: v, label: t(`casework.sex.${v}`) })),
            ]}
          />
          <SelectField
            label={t('casework.page.nationality')}
            value={f.nationality}
            onChange={(e) => set('nationality', e.target.value)}
            options={[{ value: '', label: t('casework.unknown') }, ...countries]}
          />
          <SelectField
            label={t('casework.page.migrationStatus')}
            value={f.migrationStatus}
            onChange={(e) => set('migrationStatus', e.target.value)}
            options={[
              { value: '', label: t('casework.unknown') },
              ...MIGRATION.map((v) => ({ value: v, label: t(`casework.page.migration.${v}`) })),
            ]}
          />
          <TextField
            label={t('casework.page.phone')}
            type="tel"
            autoComplete="off"
            value={f.phone}
            onChange={(e) => set('phone', e.target.value)}
          />
          <TextField
            id="cw-curp"
            label={t('casework.page.curp')}
            hint={t('casework.page.curpHint')}
            autoComplete="off"
            spellCheck={false}
            maxLength={18}
            value={f.curp}
            error={problems.curp}
            onChange={(e) => set('curp', e.target.value.toUpperCase())}
            onBlur={() =>
              void curpError(f.curp.trim().toUpperCase()).then((cp) =>
                setProblems((x) => ({ ...x, curp: cp ? t(`casework.page.curpProblem.${cp}`) : undefined })),
              )
            }
          />
          <TextField
            id="cw-email"
            label={t('casework.page.email')}
            type="email"
            autoComplete="off"
            value={f.email}
            error={problems.email}
            onChange={(e) => set('email', e.target.value)}
          />
          <TextField
            label={t('casework.page.address')}
            hint={t('casework.page.addressHint')}
            autoComplete="off"
            value={f.address}
            onChange={(e) => set('address', e.target.value)}
          />
          <MunicipalityField
            label={t('casework.page.municipality')}
            value={f.municipality}
            onChange={(v) => set('municipality', v)}
          />
        </div>
        <LanguagePicker
          label={t('casework.person.languages')}
          value={f.languages}
          onChange={(v) => set('languages', v)}
        />
        <div className="cw-checks">
          <label className="check">
            <input
              type="checkbox"
              checked={f.indigenous}
              onChange={(e) => set('indigenous', e.target.checked)}
            />
            <span>{t('casework.page.indigenous')}</span>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={f.disability}
              onChange={(e) => set('disability', e.target.checked)}
            />
            <span>{t('casework.page.disability')}</span>
          </label>
        </div>
        <fieldset className="cw-fieldset">
          <legend>{t('casework.cases.needs')}</legend>
          <div className="cw-check-grid">
            {SERVICES.map((s) => (
              <label key={s} className="check">
                <input
                  type="checkbox"
                  checked={f.needs.includes(s)}
                  onChange={(e) =>
                    set('needs', e.target.checked ? [...f.needs, s] : f.needs.filter((x) => x !== s))
                  }
                />
                <span>{t(`casework.services.${s}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-actions">
          <Button type="submit" busy={busy}>
            {t('casework.page.savePerson')}
          </Button>
        </div>
      </form>
    </section>
  );
}
