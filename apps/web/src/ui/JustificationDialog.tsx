import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { Button } from './Button.tsx';
import './JustificationDialog.css';

/** The break-glass header; its value is percent-encoded UTF-8 (header values are Latin-1 only). */
export const JUSTIFICATION_HEADER = 'x-enlace-justification';
export const JUSTIFICATION_MIN = 10;
export const JUSTIFICATION_MAX = 500;

const length = (s: string) => [...s.trim()].length;

/**
 * Asks why a record outside the user's own cases is being opened (break-glass). A modal `<dialog>`: focus moves
 * into it and stays there, Escape cancels, and it is labelled by its title and described by its explanation.
 */
export function JustificationDialog({
  open,
  onSubmit,
  onCancel,
}: {
  open: boolean;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const n = length(text);
    const problem =
      n < JUSTIFICATION_MIN
        ? t('breakGlass.tooShort')
        : n > JUSTIFICATION_MAX
          ? t('breakGlass.tooLong')
          : null;
    if (problem) {
      setError(problem);
      ref.current?.querySelector('textarea')?.focus();
      return;
    }
    setError(null);
    onSubmit(text.trim());
  }

  return (
    <dialog
      ref={ref}
      className="bg-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-intro`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>{t('breakGlass.title')}</h2>
        <p id={`${id}-intro`}>{t('breakGlass.intro')}</p>
        <div className={['field', error ? 'has-error' : ''].filter(Boolean).join(' ')}>
          <label htmlFor={`${id}-reason`}>{t('breakGlass.reason')}</label>
          <p id={`${id}-hint`} className="field-hint">
            {t('breakGlass.hint')}
          </p>
          <textarea
            id={`${id}-reason`}
            name="justification"
            value={text}
            maxLength={JUSTIFICATION_MAX + 20}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
            onChange={(e) => setText(e.target.value)}
          />
          {error ? (
            <p id={`${id}-error`} className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <div className="bg-dialog-actions">
          <Button type="submit">{t('breakGlass.submit')}</Button>
          <Button variant="secondary" onClick={onCancel}>
            {t('breakGlass.cancel')}
          </Button>
        </div>
      </form>
    </dialog>
  );
}

/**
 * Reasons given in this tab, per user and record (memory only, gone on reload), so that the edit page and the
 * detail page after a save do not ask again for the same record. Each request still carries the reason, and the
 * server audits every one.
 */
const reasons = new Map<string, string>();

/**
 * Break-glass for a page of one record (`key`, e.g. `cases/<id>`): `needs(err)` opens the dialog when the server
 * answered `justification_required`; once the user gives a reason, `headers` carries it and the page loads again
 * with it.
 */
export function useBreakGlass(key: string) {
  const { state } = useAuth();
  const slot = `${state.kind === 'ready' ? state.user.id : ''}|${key}`;
  const [reason, setReason] = useState<string | null>(() => reasons.get(slot) ?? null);
  const [asking, setAsking] = useState(false);
  const [declined, setDeclined] = useState(false);
  const headers = useMemo(
    () => (reason ? { [JUSTIFICATION_HEADER]: encodeURIComponent(reason) } : undefined),
    [reason],
  );
  const needs = useCallback((err: unknown): boolean => {
    if (err instanceof ApiError && err.code === 'justification_required') {
      setAsking(true);
      return true;
    }
    return false;
  }, []);
  const dialog = (
    <JustificationDialog
      open={asking}
      onSubmit={(r) => {
        setAsking(false);
        setDeclined(false);
        reasons.set(slot, r);
        setReason(r);
      }}
      onCancel={() => {
        setAsking(false);
        setDeclined(true);
      }}
    />
  );
  return { reason, headers, needs, dialog, declined };
}
