/**
 * Pure helpers of the dashboard: which figures each section shows, reading a figure by its path,
 * which figures have a drill-down (the paths `figureRecords` in @enlace/core/report/drilldown.ts accepts),
 * the years of the year filter. The map's classes are @enlace/core/report/classes. No React, no I/O.
 */
import type { Role } from '../../api/types.ts';
import type { Json } from './types.ts';

/** The sections of annual-report.md, in the order of the report. */
export const SECTIONS = [
  'investigations',
  'prosecutions',
  'convictions',
  'officials',
  'victims',
  'services',
  'hotline',
  'financial_intelligence',
  'restitution',
] as const;
export type Section = (typeof SECTIONS)[number];

export const FORM_GROUPS = ['sex', 'labor', 'other', 'unspecified'] as const;
export const SEX_AGE = ['girls', 'women', 'boys', 'men', 'unknown'] as const;
export const LEVELS = ['federal', 'state'] as const;
export const FIRST_YEAR = 2019;

/** Figures shown as money (currency of the figure). */
export const MONEY: Record<string, 'MXN' | 'USD'> = {
  'financial_intelligence.amount_usd': 'USD',
  'restitution.ordered_mxn': 'MXN',
  'restitution.paid_mxn': 'MXN',
  'restitution.paid_by_fund_mxn': 'MXN',
};

/** The value at a dotted path (`victims.federal.sex`), or undefined. */
export function valueAt(obj: Json | undefined, path: string): Json | undefined {
  let cur: Json | undefined = obj;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/**
 * The figure paths of a section, depth first in the order of the JSON (numbers and nulls only; the
 * victims' sex/age matrix and the countries list have their own tables).
 */
export function sectionFigures(report: Json | undefined, section: Section): string[] {
  const out: string[] = [];
  const walk = (v: Json | undefined, path: string) => {
    if (v === null || typeof v === 'number') out.push(path);
    else if (typeof v === 'object' && v !== undefined && !Array.isArray(v))
      for (const [k, child] of Object.entries(v)) {
        const p = `${path}.${k}`;
        if (p === 'victims.by_form_sex_age' || p === 'victims.foreign.countries') continue;
        walk(child, p);
      }
  };
  walk(valueAt(report, section), section);
  return out;
}

/** Whether the API has a drill-down for a figure (`GET /api/report/records?figure=`). */
/**
 * Whether a figure applies under a level filter: with `level=federal` only federal agencies' records are counted, so
 * the state level's figures (and the states reporting, which counts the states of state-level records) would all
 * read 0 without being zeros; with `level=state`, the federal level's. Without a level filter every figure applies.
 */
export function appliesToLevel(path: string, level: string | null | undefined): boolean {
  if (level === 'federal') return !/\.(state|states_reporting)(\.|$)/.test(path);
  if (level === 'state') return !/\.federal(\.|$)/.test(path);
  return true;
}

export function hasDrilldown(path: string): boolean {
  const [section, a, b, c, d] = path.split('.');
  const groupOrTotal = (x: string | undefined) =>
    x === undefined || x === 'total' || (FORM_GROUPS as readonly string[]).includes(x);
  const level = a === 'federal' || a === 'state';
  switch (section) {
    case 'victims':
      if (a === 'total' || a === 'identification_records') return b === undefined;
      if (a === 'foreign') return b === 'total';
      if (a === 'by_form_sex_age')
        return (
          (FORM_GROUPS as readonly string[]).includes(b ?? '') &&
          (SEX_AGE as readonly string[]).includes(c ?? '') &&
          d === undefined
        );
      return level && groupOrTotal(b) && c === undefined;
    case 'investigations':
      return level && groupOrTotal(b) && c === undefined;
    case 'prosecutions':
      if (a === 'by_form') return (FORM_GROUPS as readonly string[]).includes(b ?? '') && c === undefined;
      return level && (b === 'total' || b === 'new' || b === 'ongoing') && c === undefined;
    case 'convictions':
      if (a === 'total') return b === undefined;
      return level && groupOrTotal(b) && c === undefined;
    default:
      return false;
  }
}

/** Roles that may open a drill-down: `report:read` (the dashboard) and `cases:read` (the records). */
export const DRILLDOWN_ROLES: readonly Role[] = ['agency_admin', 'supervisor'];

/** Drill-down record kind → records page segment (`/records/<segment>/<id>`, apps/web/src/pages/records). */
export const RECORD_PAGE: Record<string, string> = {
  identification: 'identifications',
  investigation: 'investigations',
  prosecution: 'prosecutions',
  conviction: 'convictions',
};

/** Years of the year filter: 2019 to the current year, newest first. */
export function yearOptions(now = new Date()): number[] {
  const out: number[] = [];
  for (let y = now.getUTCFullYear(); y >= FIRST_YEAR; y--) out.push(y);
  return out;
}

/** The default year: the last complete one. */
export function defaultYear(now = new Date()): number {
  return now.getUTCFullYear() - 1;
}
