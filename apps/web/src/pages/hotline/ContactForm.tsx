import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiBody } from '../../api/types.ts';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { Checks, languageOptions, MunicipioPicker, stateOptions, TextArea } from './shared.tsx';
import { CALLER_TYPES, CHANNELS, FORMS, RISK_INDICATORS, TRAFFICKING, URGENCIES } from './types.ts';

/**
 * The form's fields: the body of `POST /api/hotline/contacts` (apps/server/src/api/hotline/schema.ts), generated,
 * with every field present (the server's defaults are the form's starting values).
 */
export type ContactFields = Required<ApiBody<'/api/hotline/contacts'>>;
/** A select's value as the field's type: the options are the server's own lists (./types.ts). */
const as = <K extends keyof ContactFields>(_k: K, v: string) => v as ContactFields[K];

export const EMPTY_CONTACT: ContactFields = {
  channel: 'phone',
  callerType: null,
  callerName: '',
  callerContact: '',
  language: 'spa',
  stateCode: null,
  municipality: null,
  narrative: '',
  urgency: 'medium',
  riskIndicators: [],
  trafficking: 'unsure',
  primaryForm: null,
  crossBorder: false,
  consentShare: false,
  consentCrossBorder: false,
};

/** Who called, from where, what happened, how urgent, and what they agree to share. */
export function ContactForm({
  initial,
  withChannel,
  busy,
  submitLabel,
  onSubmit,
}: {
  initial: ContactFields;
  withChannel: boolean;
  busy: boolean;
  submitLabel: string;
  onSubmit: (f: ContactFields) => void;
}) {
  const { t } = useTranslation();
  const [f, setF] = useState<ContactFields>(initial);
  const set = <K extends keyof ContactFields>(k: K, v: ContactFields[K]) => setF((p) => ({ ...p, [k]: v }));
  const opts = (group: string, codes: readonly string[]) =>
    codes.map((c) => ({ value: c, label: t(`hotline.${group}.${c}`) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(f);
  };
  const urgent = f.riskIndicators.some((r) =>
    ['immediate_danger', 'injured', 'self_harm', 'locked_in'].includes(r),
  );
  return (
    <form className="form hl-form" onSubmit={submit} noValidate>
      <fieldset className="hl-section">
        <legend>{t('hotline.form.who')}</legend>
        {withChannel ? (
          <SelectField
            label={t('hotline.form.channel')}
            value={f.channel}
            options={opts('channel', CHANNELS)}
            onChange={(e) => set('channel', as('channel', e.target.value))}
          />
        ) : null}
        <SelectField
          label={t('hotline.form.callerType')}
          value={f.callerType ?? ''}
          options={[{ value: '', label: t('hotline.form.notSaid') }, ...opts('callerType', CALLER_TYPES)]}
          onChange={(e) => set('callerType', e.target.value ? as('callerType', e.target.value) : null)}
        />
        <TextField
          label={t('hotline.form.callerName')}
          hint={t('hotline.form.callerNameHint')}
          value={f.callerName}
          maxLength={200}
          autoComplete="off"
          onChange={(e) => set('callerName', e.target.value)}
        />
        <TextField
          label={t('hotline.form.callerContact')}
          hint={t('hotline.form.callerContactHint')}
          value={f.callerContact}
          maxLength={200}
          autoComplete="off"
          onChange={(e) => set('callerContact', e.target.value)}
        />
        <SelectField
          label={t('hotline.form.language')}
          value={f.language ?? ''}
          options={[{ value: '', label: t('hotline.form.notSaid') }, ...languageOptions(t)]}
          onChange={(e) => set('language', e.target.value || null)}
        />
      </fieldset>
      <fieldset className="hl-section">
        <legend>{t('hotline.form.where')}</legend>
        <SelectField
          label={t('hotline.form.state')}
          value={f.stateCode ?? ''}
          options={stateOptions(t)}
          onChange={(e) =>
            setF((p) => ({
              ...p,
              stateCode: e.target.value || null,
              municipality:
                p.municipality && e.target.value && !p.municipality.startsWith(e.target.value)
                  ? null
                  : p.municipality,
            }))
          }
        />
        <MunicipioPicker
          t={t}
          value={f.municipality}
          stateCode={f.stateCode}
          onChange={(code, state) =>
            setF((p) => ({ ...p, municipality: code, stateCode: state ?? p.stateCode }))
          }
        />
      </fieldset>
      <fieldset className="hl-section">
        <legend>{t('hotline.form.what')}</legend>
        <TextArea
          label={t('hotline.form.narrative')}
          hint={t('hotline.form.narrativeHint')}
          value={f.narrative}
          maxLength={20000}
          rows={6}
          onChange={(v) => set('narrative', v)}
        />
        <Checks
          legend={t('hotline.form.risks')}
          options={opts('risk', RISK_INDICATORS)}
          value={f.riskIndicators}
          onChange={(v) => set('riskIndicators', v as ContactFields['riskIndicators'])}
        />
        <SelectField
          label={t('hotline.form.urgency')}
          hint={urgent && f.urgency !== 'critical' ? t('hotline.form.urgencySuggest') : undefined}
          value={f.urgency}
          options={opts('urgency', URGENCIES)}
          onChange={(e) => set('urgency', as('urgency', e.target.value))}
        />
        <SelectField
          label={t('hotline.form.trafficking')}
          value={f.trafficking}
          options={opts('trafficking', TRAFFICKING)}
          onChange={(e) => set('trafficking', as('trafficking', e.target.value))}
        />
        <SelectField
          label={t('hotline.form.primaryForm')}
          value={f.primaryForm ?? ''}
          options={[
            { value: '', label: t('hotline.form.notKnown') },
            ...FORMS.map((c) => ({ value: c, label: t(`records.values.${c}`, { defaultValue: c }) })),
          ]}
          onChange={(e) => set('primaryForm', e.target.value ? as('primaryForm', e.target.value) : null)}
        />
        <div className="check">
          <input
            id="hl-cross-border"
            type="checkbox"
            checked={f.crossBorder}
            onChange={(e) => set('crossBorder', e.target.checked)}
          />
          <label htmlFor="hl-cross-border">{t('hotline.form.crossBorder')}</label>
        </div>
      </fieldset>
      <fieldset className="hl-section">
        <legend>{t('hotline.form.consent')}</legend>
        <p className="field-hint">{t('hotline.form.consentHint')}</p>
        <div className="check">
          <input
            id="hl-consent-share"
            type="checkbox"
            checked={f.consentShare}
            onChange={(e) => set('consentShare', e.target.checked)}
          />
          <label htmlFor="hl-consent-share">{t('hotline.form.consentShare')}</label>
        </div>
        <div className="check">
          <input
            id="hl-consent-cb"
            type="checkbox"
            checked={f.consentCrossBorder}
            onChange={(e) => set('consentCrossBorder', e.target.checked)}
          />
          <label htmlFor="hl-consent-cb">{t('hotline.form.consentCrossBorder')}</label>
        </div>
      </fieldset>
      <div className="form-actions">
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
