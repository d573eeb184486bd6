import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export interface ProgressBarProps {
  /** What is in progress (visible label). */
  label: string;
  /** Units done; omit for an indeterminate bar (unknown duration). */
  value?: number;
  /** Total units (default 100). */
  max?: number;
  /** Optional detail under the bar, e.g. "1 200 of 5 000 records". */
  detail?: string;
  className?: string;
}

/**
 * Progress of long work (imports, linkage runs, report builds). A native <progress> element:
 * accessible by default and styled by CSS only (no inline style, so it satisfies the CSP).
 */
export function ProgressBar({ label, value, max = 100, detail, className }: ProgressBarProps) {
  const { t } = useTranslation();
  const id = useId();
  const determinate = value !== undefined && Number.isFinite(value) && max > 0;
  const clamped = determinate ? Math.min(Math.max(0, value), max) : undefined;
  const percent = clamped !== undefined ? Math.round((clamped / max) * 100) : undefined;
  return (
    <div className={['progress', className ?? ''].filter(Boolean).join(' ')}>
      <div className="progress-head">
        <label htmlFor={id}>{label}</label>
        {percent !== undefined ? (
          <span className="progress-percent">{t('progress.percent', { percent })}</span>
        ) : (
          <span className="progress-percent">{t('progress.working')}</span>
        )}
      </div>
      {clamped !== undefined ? <progress id={id} value={clamped} max={max} /> : <progress id={id} />}
      {detail ? <p className="progress-detail">{detail}</p> : null}
    </div>
  );
}
