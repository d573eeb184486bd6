/**
 * Import of a CTDC / HTCDS victim file (`POST /api/report/htcds`, the file as the text/csv body) for an analyst
 * of a national agency: check it first (dry run) or import it; every error by line and column in the user's
 * language; nothing changes when the file has an error. The CLI's `enlace import-htcds` does the same.
 */
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { ApiResponse, SessionResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { currentLocale } from '../../i18n/index.ts';
import { Button } from '../../ui/Button.tsx';

/** `POST /api/report/htcds` (apps/server/src/api/report/schema.ts HtcdsImportResponse), generated. */
type HtcdsResult = ApiResponse<'/api/report/htcds', 'post'>;

async function send(file: File, dryRun: boolean): Promise<HtcdsResult> {
  const session = await api.get<SessionResponse>('/auth/session');
  const qs = new URLSearchParams({ dryRun: String(dryRun), name: file.name.slice(0, 200) });
  const res = await fetch(`/api/report/htcds?${qs.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', accept: 'application/json', 'x-csrf-token': session.csrfToken },
    body: file,
    credentials: 'same-origin',
  });
  const payload = (await res.json().catch(() => null)) as
    | HtcdsResult
    | { error?: { code: string; message: string } }
    | null;
  if (!res.ok) {
    const e = (payload as { error?: { code: string; message: string } } | null)?.error;
    throw new ApiError(e?.code ?? 'server_error', e?.message ?? `HTTP ${res.status}`, res.status);
  }
  return payload as HtcdsResult;
}

export function HtcdsImport() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [result, setResult] = useState<HtcdsResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const lang = currentLocale() === 'en-US' ? 'en-US' : 'es-MX';

  const run = async (dryRun: boolean) => {
    if (!file) {
      setFailure(t('report.htcds.noFile'));
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setFailure(null);
    setResult(null);
    try {
      setResult(await send(file, dryRun));
    } catch (e) {
      setFailure(e instanceof ApiError ? errorMessage(i18n, e) : t('report.htcds.failed'));
    } finally {
      setBusy(null);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run(false);
  };
  const counts = (f: string) => result?.files.find((x) => x.file === f);

  return (
    <form className="report-htcds" onSubmit={onSubmit} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('report.htcds.heading')}</h3>
      <p className="report-note">{t('report.htcds.intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('report.htcds.file')}</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            setFile(e.currentTarget.files?.[0] ?? null);
            setResult(null);
            setFailure(null);
          }}
        />
      </div>
      <div className="report-exports">
        <Button type="button" variant="secondary" busy={busy === 'check'} onClick={() => void run(true)}>
          {t('report.htcds.check')}
        </Button>
        <Button type="submit" busy={busy === 'import'}>
          {t('report.htcds.import')}
        </Button>
      </div>
      {failure ? (
        <p role="alert" className="report-export-error">
          {failure}
        </p>
      ) : null}
      {result ? (
        <div role="status" className="report-htcds-result">
          {result.ok ? (
            <p>
              {result.dryRun
                ? t('report.htcds.checked', { file: result.file, rows: String(result.rows) })
                : t('report.htcds.imported', {
                    file: result.file,
                    rows: String(result.rows),
                    inserted: String(counts('persons.csv')?.inserted ?? 0),
                    unchanged: String(counts('persons.csv')?.unchanged ?? 0),
                  })}
            </p>
          ) : (
            <>
              <p>{t('report.htcds.rejected', { file: result.file, n: String(result.errorCount) })}</p>
              <ul className="report-htcds-errors">
                {result.errors.map((e) => (
                  <li key={`${e.line}-${e.column}-${e.message['en-US']}`}>
                    {t('report.htcds.errorAt', { line: String(e.line), column: e.column ?? '—' })}{' '}
                    {e.message[lang]}
                  </li>
                ))}
              </ul>
            </>
          )}
          {Object.keys(result.approximated).length ? (
            <p className="report-note">
              {t('report.htcds.approximated', {
                list: Object.entries(result.approximated)
                  .map(([c, n]) => `${c} (${n})`)
                  .join(', '),
              })}
            </p>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
