import { type FormEvent, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../i18n/errors.ts';
import { currentLocale } from '../../i18n/index.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { type Column, DataTable } from '../../ui/DataTable.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import '../records/records.css';
import {
  type ImportError,
  type ImportFileCounts,
  type ImportResult,
  type ServerProgress,
  uploadZip,
} from './upload.ts';

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; loaded: number; total: number }
  | { kind: 'processing'; server?: ServerProgress };

/** Upload an exchange-format folder as a .zip: validate only, or import (all or nothing). */
export default function ImportPage() {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const locale = currentLocale();
  const nf = new Intl.NumberFormat(locale);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      setError(t('imports.noFile'));
      return;
    }
    setError(null);
    setResult(null);
    setPhase({ kind: 'uploading', loaded: 0, total: file.size });
    try {
      const res = await uploadZip(
        file,
        dryRun,
        (loaded, total) => {
          if (loaded >= total) setPhase((p) => (p.kind === 'processing' ? p : { kind: 'processing' }));
          else setPhase({ kind: 'uploading', loaded, total });
        },
        // Each line of the server's progress is shown as it arrives, even when the next one follows at once.
        (server) => flushSync(() => setPhase({ kind: 'processing', server })),
      );
      setResult(res);
    } catch (err) {
      setError(errorMessage(i18n, err));
    } finally {
      setPhase({ kind: 'idle' });
    }
  }

  const busy = phase.kind !== 'idle';
  const more = result ? result.errorCount - result.errors.length : 0;
  return (
    <>
      <PageHeader title={t('nav.imports')} description={t('imports.description')} />
      <form className="form card" onSubmit={submit}>
        <div className="field">
          <label htmlFor="import-file">{t('imports.file')}</label>
          <p id="import-file-hint" className="field-hint">
            {t('imports.fileHint')}
          </p>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".zip,application/zip"
            aria-describedby="import-file-hint"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setResult(null);
              setError(null);
            }}
          />
        </div>
        <fieldset className="choices">
          <legend>{t('imports.mode')}</legend>
          <div className="check">
            <input
              id="import-dry"
              type="radio"
              name="mode"
              checked={dryRun}
              onChange={() => setDryRun(true)}
            />
            <label htmlFor="import-dry">{t('imports.validateOnly')}</label>
          </div>
          <div className="check">
            <input
              id="import-real"
              type="radio"
              name="mode"
              checked={!dryRun}
              onChange={() => setDryRun(false)}
            />
            <label htmlFor="import-real">{t('imports.import')}</label>
          </div>
        </fieldset>
        <div className="form-actions">
          <Button type="submit" busy={busy}>
            {busy ? t('imports.sending') : dryRun ? t('imports.submitValidate') : t('imports.submitImport')}
          </Button>
        </div>
      </form>
      {phase.kind === 'uploading' ? (
        <ProgressBar
          label={t('imports.uploading')}
          value={phase.loaded}
          max={Math.max(phase.total, 1)}
          detail={t('imports.uploadDetail', {
            loaded: nf.format(phase.loaded),
            total: nf.format(phase.total),
          })}
        />
      ) : null}
      {phase.kind === 'processing' ? <ServerProgressBar progress={phase.server} /> : null}
      {error ? <Alert kind="error">{error}</Alert> : null}
      {result ? (
        result.ok ? (
          <>
            <Alert kind="success">{result.dryRun ? t('imports.validOk') : t('imports.importedOk')}</Alert>
            <DataTable<ImportFileCounts>
              caption={result.dryRun ? t('imports.countsCaptionDry') : t('imports.countsCaption')}
              rows={result.files}
              rowKey={(f) => f.file}
              // A validation counts rows only; an import also says what changed.
              columns={(
                [
                  { key: 'file', header: t('imports.columns.file'), className: 'mono' },
                  {
                    key: 'rows',
                    header: t('imports.columns.rows'),
                    className: 'num',
                    render: (f) => nf.format(f.rows),
                  },
                  {
                    key: 'inserted',
                    header: t('imports.columns.inserted'),
                    className: 'num',
                    render: (f) => nf.format(f.inserted),
                  },
                  {
                    key: 'updated',
                    header: t('imports.columns.updated'),
                    className: 'num',
                    render: (f) => nf.format(f.updated),
                  },
                  {
                    key: 'unchanged',
                    header: t('imports.columns.unchanged'),
                    className: 'num',
                    render: (f) => nf.format(f.unchanged),
                  },
                ] as Column<ImportFileCounts>[]
              ).filter((c) => !result.dryRun || c.key === 'file' || c.key === 'rows')}
            />
          </>
        ) : (
          <>
            <Alert kind="error" title={t('imports.failed', { n: nf.format(result.errorCount) })}>
              {t('imports.nothingChanged')}
            </Alert>
            <DataTable<ImportError & { key: string }>
              caption={t('imports.errorsCaption')}
              rows={result.errors.map((e, i) => ({ ...e, key: String(i) }))}
              rowKey={(e) => e.key}
              columns={[
                { key: 'file', header: t('imports.columns.file'), className: 'mono' },
                {
                  key: 'line',
                  header: t('imports.columns.line'),
                  className: 'num',
                  render: (e) => nf.format(e.line),
                },
                {
                  key: 'column',
                  header: t('imports.columns.column'),
                  className: 'mono',
                  render: (e) => e.column ?? '',
                },
                {
                  key: 'message',
                  header: t('imports.columns.message'),
                  render: (e) => (locale.startsWith('en') ? e.message.en : e.message.es),
                },
              ]}
            />
            {more > 0 ? <p>{t('imports.more', { n: nf.format(more) })}</p> : null}
          </>
        )
      ) : null}
    </>
  );
}

/** The server's work after the upload: files read (bytes of the folder), then the new persons linked. */
function ServerProgressBar({ progress }: { progress: ServerProgress | undefined }) {
  const { t } = useTranslation();
  const nf = new Intl.NumberFormat(currentLocale());
  if (!progress) return <ProgressBar label={t('imports.processing')} />;
  if (progress.phase === 'link') {
    return (
      <ProgressBar
        label={t('imports.progress.link')}
        value={progress.done}
        max={Math.max(progress.total, 1)}
        detail={t('imports.progress.linkDetail', {
          done: nf.format(progress.done),
          total: nf.format(progress.total),
        })}
      />
    );
  }
  return (
    <ProgressBar
      label={t(progress.phase === 'load' ? 'imports.progress.load' : 'imports.progress.validate')}
      value={progress.bytes}
      max={Math.max(progress.totalBytes, 1)}
      detail={t('imports.progress.fileDetail', { file: progress.file, rows: nf.format(progress.rows) })}
    />
  );
}
