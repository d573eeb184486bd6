/**
 * Download buttons under a table (CSV, XLSX) or a figure (SVG, PNG). Each button's accessible name says
 * what it downloads and in which format; a failure shows an alert next to the buttons.
 */
import { useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button.tsx';
import { type ExportTable, type FigureCaption, saveCsv, saveSvg, saveSvgPng, saveXlsx } from './exports.ts';
import { ExportsLocked } from './freshness.ts';

export function TableExports({ table }: { table: () => ExportTable }) {
  const { t } = useTranslation();
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);
  // figures of an older data version on screen: no file is made of them
  const locked = useContext(ExportsLocked);
  const waiting = locked ? t('report.exportsWaiting') : undefined;
  const title = table().title;
  return (
    <div className="report-exports">
      <Button
        variant="secondary"
        disabled={locked}
        title={waiting}
        onClick={() => saveCsv(table())}
        aria-label={t('report.export.csvFor', { table: title })}
      >
        CSV
      </Button>
      <Button
        variant="secondary"
        disabled={busy || locked}
        title={waiting}
        aria-label={t('report.export.xlsxFor', { table: title })}
        onClick={() => {
          setBusy(true);
          setError(false);
          const tb = table();
          saveXlsx(tb.name, [tb])
            .catch(() => setError(true))
            .finally(() => setBusy(false));
        }}
      >
        XLSX
      </Button>
      {error ? (
        <span role="alert" className="report-export-error">
          {t('report.export.failed')}
        </span>
      ) : null}
    </div>
  );
}

/**
 * What a figure's file carries besides the drawing: its title, and the legend (`.report-legend`, the map's
 * classes with their colours) and source note (`.report-source`) shown with it on the page.
 */
export function figureCaption(targetId: string, title: string): FigureCaption {
  const root = document.getElementById(targetId);
  const legend = [...(root?.querySelectorAll('.report-legend li') ?? [])].map((li) => {
    const swatch = li.querySelector('.swatch');
    return {
      color: swatch ? getComputedStyle(swatch).backgroundColor : '#ffffff',
      text: (li.textContent ?? '').trim(),
    };
  });
  const note = root?.querySelector('.report-source')?.textContent?.trim() || undefined;
  return { title, legend, note };
}

/** SVG and PNG of the <svg> inside the element with id `targetId`, with its title, legend and source. */
export function FigureExports({ targetId, name, title }: { targetId: string; name: string; title: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState(false);
  const locked = useContext(ExportsLocked);
  const waiting = locked ? t('report.exportsWaiting') : undefined;
  const svg = () => document.getElementById(targetId)?.querySelector('svg') ?? null;
  return (
    <div className="report-exports">
      <Button
        variant="secondary"
        disabled={locked}
        title={waiting}
        aria-label={t('report.export.svgFor', { figure: title })}
        onClick={() => {
          const el = svg();
          if (el) saveSvg(name, el, figureCaption(targetId, title));
          else setError(true);
        }}
      >
        SVG
      </Button>
      <Button
        variant="secondary"
        disabled={locked}
        title={waiting}
        aria-label={t('report.export.pngFor', { figure: title })}
        onClick={() => {
          const el = svg();
          setError(false);
          if (!el) return setError(true);
          saveSvgPng(name, el, figureCaption(targetId, title)).catch(() => setError(true));
        }}
      >
        PNG
      </Button>
      {error ? (
        <span role="alert" className="report-export-error">
          {t('report.export.failed')}
        </span>
      ) : null}
    </div>
  );
}
