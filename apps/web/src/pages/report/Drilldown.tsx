/**
 * The records behind one figure (`GET /api/report/records`): only the caller's agency's records are
 * listed (each linked to its records page), the others are only counted. The server audits the read.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { type Column, DataTable } from '../../ui/DataTable.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { PERSON_READERS, RECORD_READERS } from '../records/roles.ts';
import { RECORD_PAGE } from './figures.ts';
import { formatters } from './format.ts';
import type { DrilldownResponse } from './types.ts';

export interface DrillTarget {
  path: string;
  label: string;
  year: number;
}

type Row = DrilldownResponse['records'][number];

function canOpen(kind: string, role: Role): boolean {
  return (kind === 'identification' ? PERSON_READERS : RECORD_READERS).includes(role);
}

export function Drilldown({
  target,
  role,
  filtered,
  onClose,
}: {
  target: DrillTarget;
  role: Role;
  filtered: boolean;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<DrilldownResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    setData(null);
    setError(null);
    const ctrl = new AbortController();
    api
      .get<DrilldownResponse>('/report/records', {
        query: { year: target.year, figure: target.path },
        signal: ctrl.signal,
      })
      .then(setData)
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted) setError(errorMessage(i18n, err));
      });
    return () => ctrl.abort();
  }, [target, i18n]);
  const f = formatters();
  const columns: Column<Row>[] = [
    { key: 'kind', header: t('report.drill.kind'), render: (r) => t(`report.drill.kinds.${r.kind}`) },
    {
      key: 'id',
      header: t('report.drill.id'),
      className: 'mono',
      render: (r) => {
        const seg = RECORD_PAGE[r.kind];
        return seg && canOpen(r.kind, role) ? (
          <Link to={`/records/${seg}/${encodeURIComponent(r.id)}`}>{r.id}</Link>
        ) : (
          r.id
        );
      },
    },
    { key: 'agency_id', header: t('report.drill.agency'), className: 'mono' },
  ];
  return (
    <section className="card report-drill" aria-labelledby="report-drill-title">
      <h2 id="report-drill-title" ref={heading} tabIndex={-1}>
        {t('report.drill.title', { figure: target.label, year: String(target.year) })}
      </h2>
      {filtered ? <p className="report-note">{t('report.drill.unfiltered')}</p> : null}
      {error ? <Alert kind="error">{error}</Alert> : null}
      {!data && !error ? <ProgressBar label={t('report.drill.loading')} /> : null}
      {data ? (
        <>
          <p>
            {t('report.drill.counts', { own: f.num(data.records.length), other: f.num(data.other_agencies) })}
          </p>
          <DataTable
            caption={t('report.drill.caption')}
            captionHidden
            columns={columns}
            rows={data.records}
            rowKey={(r) => `${r.kind}:${r.id}`}
            empty={t('report.drill.none')}
          />
        </>
      ) : null}
      <div className="form-actions">
        <Button variant="secondary" onClick={onClose}>
          {t('report.drill.close')}
        </Button>
      </div>
    </section>
  );
}
