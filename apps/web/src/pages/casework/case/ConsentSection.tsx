import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { useUser } from '../../../auth/AuthContext.tsx';
import { Button } from '../../../ui/Button.tsx';
import { TextField } from '../../../ui/Field.tsx';
import { type ConsentEvent, PURPOSES } from '../types.ts';
import { useCase } from './useCase.tsx';

const METHODS = ['verbal', 'written', 'guardian'] as const;
const OVERRIDE_MIN = 20;

/**
 * Consent per purpose: its state, and when, how (verbal, written, a guardian) and by whom it was recorded;
 * a form to record one for one or several purposes; withdrawal per purpose; and, for supervisors and agency
 * admins, an emergency override with its justification (audited and flagged to the agency's admins).
 */
export function ConsentSection() {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const { id, consents, busy, act, headers } = useCase();
  const [purposes, setPurposes] = useState<string[]>([]);
  const [method, setMethod] = useState<string>('');
  const [guardian, setGuardian] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [ovPurposes, setOvPurposes] = useState<string[]>([]);
  const [why, setWhy] = useState('');
  const mayOverride = me.role === 'supervisor' || me.role === 'agency_admin';
  const purposeName = (p: string) => t(`casework.consent.purpose.${p}`);
  const last = (p: string): ConsentEvent | undefined => consents.events.filter((e) => e.purpose === p).at(-1);

  function how(e: ConsentEvent): string {
    const parts = [
      e.method ? t(`casework.page.consentMethod.${e.method}`) : t('casework.page.methodNotRecorded'),
    ];
    if (e.guardianName) parts.push(e.guardianName);
    return parts.join(': ');
  }

  async function grant(e: FormEvent) {
    e.preventDefault();
    if (purposes.length === 0) return setProblem(t('casework.page.pickPurpose'));
    if (!method) return setProblem(t('casework.page.pickMethod'));
    if (method === 'guardian' && !guardian.trim()) return setProblem(t('casework.page.nameGuardian'));
    setProblem(null);
    const ok = await act(
      () =>
        api.post(
          `/cases/${id}/consents`,
          {
            purposes,
            action: 'granted',
            method,
            ...(method === 'guardian' ? { guardianName: guardian.trim() } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          },
          { headers },
        ),
      t('casework.page.consentRecorded', { purposes: purposes.map(purposeName).join(', ') }),
    );
    if (ok) {
      setPurposes([]);
      setMethod('');
      setGuardian('');
      setNote('');
    }
  }

  async function override(e: FormEvent) {
    e.preventDefault();
    if (ovPurposes.length === 0) return setProblem(t('casework.page.pickPurpose'));
    if (why.trim().length < OVERRIDE_MIN)
      return setProblem(t('casework.page.overrideWhyShort', { min: OVERRIDE_MIN }));
    setProblem(null);
    const ok = await act(
      () =>
        api.post(
          `/cases/${id}/consents`,
          {
            purposes: ovPurposes,
            action: 'granted',
            method: 'emergency_override',
            justification: why.trim(),
          },
          { headers },
        ),
      t('casework.page.overrideRecorded'),
    );
    if (ok) {
      setOvPurposes([]);
      setWhy('');
    }
  }

  const toggle = (list: string[], p: string, on: boolean) =>
    on ? [...list, p] : list.filter((x) => x !== p);
  return (
    <section className="card" aria-labelledby="cw-consent">
      <h2 id="cw-consent">{t('casework.consent.title')}</h2>
      <p>{t('casework.consent.intro')}</p>
      <ul className="cw-list">
        {consents.status.map((s) => {
          const e = last(s.purpose);
          return (
            <li key={s.purpose}>
              <strong>{purposeName(s.purpose)}</strong>: {t(`casework.consent.state.${s.state}`)}
              {e ? (
                <span className="cw-muted">
                  {' '}
                  · {new Date(e.at).toLocaleString(i18n.language)} · {how(e)}
                  {e.recordedByName ? ` · ${t('casework.page.recordedBy', { name: e.recordedByName })}` : ''}
                </span>
              ) : null}
              {e?.justification ? (
                <p className="cw-muted">
                  {t('casework.page.overrideWhy')}: {e.justification}
                </p>
              ) : null}
              {s.state === 'granted' ? (
                <div>
                  <Button
                    variant="secondary"
                    busy={busy}
                    onClick={() =>
                      act(
                        () =>
                          api.post(
                            `/cases/${id}/consents`,
                            { purpose: s.purpose, action: 'withdrawn' },
                            { headers },
                          ),
                        t('casework.page.consentWithdrawn', { purpose: purposeName(s.purpose) }),
                      )
                    }
                  >
                    {t('casework.consent.withdraw', { purpose: purposeName(s.purpose) })}
                  </Button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>

      <form className="form" onSubmit={grant} aria-labelledby="cw-consent-new">
        <h3 id="cw-consent-new">{t('casework.page.recordConsent')}</h3>
        <fieldset className="cw-fieldset">
          <legend>{t('casework.page.forWhat')}</legend>
          <div className="cw-check-grid">
            {PURPOSES.map((p) => (
              <label key={p} className="check">
                <input
                  type="checkbox"
                  checked={purposes.includes(p)}
                  onChange={(e) => setPurposes(toggle(purposes, p, e.target.checked))}
                />
                <span>{purposeName(p)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="cw-fieldset">
          <legend>{t('casework.page.howGiven')}</legend>
          <div className="cw-check-grid">
            {METHODS.map((m) => (
              <label key={m} className="check">
                <input
                  type="radio"
                  name="consent-method"
                  value={m}
                  checked={method === m}
                  onChange={() => setMethod(m)}
                />
                <span>{t(`casework.page.consentMethod.${m}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {method === 'guardian' ? (
          <TextField
            label={t('casework.page.guardianName')}
            hint={t('casework.page.guardianHint')}
            value={guardian}
            autoComplete="off"
            onChange={(e) => setGuardian(e.target.value)}
          />
        ) : null}
        <TextField
          label={t('casework.page.consentNote')}
          value={note}
          autoComplete="off"
          onChange={(e) => setNote(e.target.value)}
        />
        {problem ? (
          <p className="field-error" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="form-actions">
          <Button type="submit" busy={busy}>
            {t('casework.page.saveConsent')}
          </Button>
        </div>
      </form>

      {mayOverride ? (
        <details className="cw-details">
          <summary>{t('casework.page.override')}</summary>
          <form className="form" onSubmit={override}>
            <p>{t('casework.page.overrideIntro')}</p>
            <fieldset className="cw-fieldset">
              <legend>{t('casework.page.forWhat')}</legend>
              <div className="cw-check-grid">
                {PURPOSES.map((p) => (
                  <label key={p} className="check">
                    <input
                      type="checkbox"
                      checked={ovPurposes.includes(p)}
                      onChange={(e) => setOvPurposes(toggle(ovPurposes, p, e.target.checked))}
                    />
                    <span>{purposeName(p)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="field">
              <label htmlFor="cw-override-why">{t('casework.page.overrideWhy')}</label>
              <p id="cw-override-why-hint" className="field-hint">
                {t('casework.page.overrideWhyHint', { min: OVERRIDE_MIN })}
              </p>
              <textarea
                id="cw-override-why"
                aria-describedby="cw-override-why-hint"
                rows={3}
                maxLength={2000}
                value={why}
                onChange={(e) => setWhy(e.target.value)}
              />
            </div>
            <div className="form-actions">
              <Button type="submit" variant="danger" busy={busy}>
                {t('casework.page.overrideSave')}
              </Button>
            </div>
          </form>
        </details>
      ) : null}
    </section>
  );
}
