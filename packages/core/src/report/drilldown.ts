/**
 * Drill-down: the records behind one figure of the annual report, by the same rules (compute.ts).
 * Figures are paths of the JSON: `victims.total`, `victims.federal.sex`, `victims.state.total`,
 * `victims.by_form_sex_age.labor.girls`, `investigations.state.other`, `convictions.federal.total`,
 * `prosecutions.state.new`...
 */
import { type FormGroup, formGroup } from '../taxonomy.ts';
import { Agencies, activeInYear, inYear, victimFacts } from './compute.ts';
import type { PersonKey, ReportData } from './types.ts';

export interface FigureRecord {
  kind: 'identification' | 'investigation' | 'prosecution' | 'conviction';
  id: string;
  agency_id: string;
  /** linked person (victims only) */
  person?: string;
}

const GROUPS = new Set(['sex', 'labor', 'other', 'unspecified']);

export function figureRecords(
  year: number,
  data: ReportData,
  personKey: PersonKey,
  figure: string,
): FigureRecord[] {
  const parts = figure.split('.');
  const [section, a, b, c] = parts;
  const agencies = new Agencies(data.agencies);
  const out: FigureRecord[] = [];
  const groupOk = (g: FormGroup, want: string | undefined) => !want || want === 'total' || want === g;
  if (section === 'victims') {
    const byKey = new Map<string, (typeof data.identifications)[number][]>();
    for (const i of data.identifications) {
      if (!inYear(i.date, year)) continue;
      const k = personKey(i.person_id);
      const l = byKey.get(k);
      if (l) l.push(i);
      else byKey.set(k, [i]);
    }
    for (const f of victimFacts(year, data, personKey)) {
      const list = byKey.get(f.key) ?? [];
      let keep: typeof list = [];
      if (a === 'total' || a === 'identification_records' || a === undefined) keep = list;
      else if (a === 'federal' || a === 'state') {
        if (groupOk(f.group, b)) keep = list.filter((i) => agencies.level(i.agency_id) === a);
      } else if (a === 'by_form_sex_age') {
        if (f.group === b && f.sexAge === c) keep = [f.decisive];
      } else if (a === 'foreign') {
        if (f.nationality && f.nationality !== 'MEX') keep = list;
      }
      for (const i of keep)
        out.push({ kind: 'identification', id: i.identification_id, agency_id: i.agency_id, person: f.key });
    }
  } else if (section === 'investigations' && (a === 'federal' || a === 'state')) {
    for (const i of data.investigations)
      if (
        inYear(i.opened_date, year) &&
        agencies.level(i.agency_id) === a &&
        groupOk(formGroup(i.primary_form), b)
      )
        out.push({ kind: 'investigation', id: i.investigation_id, agency_id: i.agency_id });
  } else if (section === 'prosecutions') {
    for (const p of data.prosecutions) {
      if (!activeInYear(p.initiated_date, p.closed_date, year)) continue;
      const isNew = inYear(p.initiated_date, year);
      const ok =
        a === 'by_form'
          ? formGroup(p.primary_form) === b
          : agencies.level(p.agency_id) === a &&
            (b === undefined || b === 'total' || (b === 'new') === isNew);
      if (ok) out.push({ kind: 'prosecution', id: p.prosecution_id, agency_id: p.agency_id });
    }
  } else if (section === 'convictions') {
    for (const cv of data.convictions) {
      if (!inYear(cv.date, year)) continue;
      const ok =
        a === 'total' ||
        ((a === 'federal' || a === 'state') &&
          agencies.level(cv.agency_id) === a &&
          groupOk(formGroup(cv.primary_form), b));
      if (ok) out.push({ kind: 'conviction', id: cv.conviction_id, agency_id: cv.agency_id });
    }
  } else {
    throw new Error(`no drill-down for figure ${figure}`);
  }
  if (b && !GROUPS.has(b) && !['total', 'new', 'ongoing'].includes(b) && a !== 'by_form_sex_age')
    throw new Error(`unknown figure ${figure}`);
  return out.sort((x, y) => (x.kind + x.id < y.kind + y.id ? -1 : 1));
}
