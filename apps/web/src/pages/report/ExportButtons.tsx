/**
 * Download buttons under a table (CSV, XLSX) or a figure (SVG, PNG). Each button's accessible name says
 * what it downloads and in which format; a failure shows an alert next to the buttons.
 */
import { createContext, useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button.tsx';
import {
  type ExportTable,
  type FigureCaption,
  saveCsv,
  saveSvg,
  saveSvgPng,
  saveXlsx,
  tableFileName,
} from './exports.ts';
import { ExportsLocked } from './freshness.ts';

/**
 * The filter of the figures on screen (a state's page, a level, a form), carried by every file made of them:
 * in the file's name, the table's or figure's title and a note under the table. Without it a state's table
 * downloaded as "investigaciones-2022-2024.csv" under the title "Investigaciones, 2022–2024" read as the national one.
 */
export interface ExportScopeValue {
  /** "Ciudad de México · Federal" */
  scope: string;
  /** "Cifras filtradas por: Ciudad de México · Federal" */
  note: string;
}
export const ExportScope = createContext<ExportScopeValue | null>(null);

/** The table with the filter it was made under (file name, title, note), or as it is when unfiltered. */
export function scopedTable(table: ExportTable, scope: ExportScopeValue | null): ExportTable {
  if (!scope) return table;
  return {
    ...table,
    file: `${tableFileName(table)} ${scope.scope}`,
    title: `${table.title} · ${scope.scope}`,
    note: table.note ? `${scope.note}. ${table.note}` : scope.note,
  };
}

export function TableExports({ table: unscoped }: { table: () => ExportTable }) {
  const { t } = useTranslation();
  const scope = useContext(ExportScope);
  const table = () => scopedTable(unscoped(), scope);
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);
  // figures of an older data version on screen: no file is made of them
  const locked = useContext(ExportsLocked);
  const waiting = locked ? t('report.exportsWaiting') : undefined;
  // the buttons are named by the table as the page shows it (the filter is said on the page)
  const title = unscoped().title;
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
          saveXlsx(tableFileName(tb), [tb])
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
export function FigureExports({
  targetId,
  name: unscopedName,
  title: unscopedTitle,
}: {
  targetId: string;
  name: string;
  title: string;
}) {
  const { t } = useTranslation();
  const scope = useContext(ExportScope);
  const name = scope ? `${unscopedName} ${scope.scope}` : unscopedName;
  // the file's title says the filter; the buttons are named by the figure as the page shows it
  const fileTitle = scope ? `${unscopedTitle} · ${scope.scope}` : unscopedTitle;
  const title = unscopedTitle;
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
          if (el) saveSvg(name, el, figureCaption(targetId, fileTitle));
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
          saveSvgPng(name, el, figureCaption(targetId, fileTitle)).catch(() => setError(true));
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
