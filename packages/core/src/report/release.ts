/**
 * The public release of the annual report: its figures as named cells with their equations, protected by
 * disclosure.ts (k-threshold + complementary suppression, optional differential privacy).
 */
import { csvCell } from '../spreadsheet-safety.ts';
import { FORM_GROUPS } from '../taxonomy.ts';
import { SEX_AGE } from './age.ts';
import type { StateFigures } from './breakdown.ts';
import type { AnnualReport } from './compute.ts';
import { type Equation, noisyCells, suppressCells } from './disclosure.ts';

export interface ReleaseInput {
  report: AnnualReport;
  states?: readonly StateFigures[];
  /** foreign victims per nationality (ISO alpha-3) */
  countryCounts?: Readonly<Record<string, number>>;
}

export interface ReleaseOptions {
  k?: number;
  epsilon?: number;
  rng?: () => number;
}

export interface PublicRelease {
  year: number;
  /** every published count, null where suppressed */
  cells: Record<string, number | null>;
  equations: Equation[];
  /** published money and range figures (null where withheld because they rest on fewer than k people) */
  amounts: Record<string, number | null>;
  countries: string[];
  disclosure: {
    k: number;
    primary_suppressed: number;
    complementary_suppressed: number;
    suppressed: string[];
    countries_withheld: number;
    differential_privacy: null | { epsilon: number; mechanism: string; note: string };
    note: string;
  };
}

const GROUP_BLOCKS = [
  'investigations.federal',
  'investigations.state',
  'convictions.federal',
  'convictions.state',
  'victims.federal',
  'victims.state',
  'services.victims_served',
  'services.victims_referred',
] as const;

type Flat = Record<string, number>;

function get(obj: unknown, path: string): number {
  let cur: unknown = obj;
  for (const p of path.split('.')) cur = (cur as Record<string, unknown>)[p];
  return typeof cur === 'number' ? cur : 0;
}

/** The report's counts as named cells and the equations among them (with derived row/column totals). */
export function releaseCells(input: ReleaseInput): { cells: Flat; equations: Equation[] } {
  const r = input.report;
  const cells: Flat = {};
  const equations: Equation[] = [];
  const put = (key: string, v: number) => {
    cells[key] = v;
  };
  for (const b of GROUP_BLOCKS) {
    put(`${b}.total`, get(r, `${b}.total`));
    for (const g of FORM_GROUPS) put(`${b}.${g}`, get(r, `${b}.${g}`));
    equations.push({ total: `${b}.total`, parts: FORM_GROUPS.map((g) => `${b}.${g}`) });
  }
  for (const lvl of ['federal', 'state'] as const) {
    const b = `prosecutions.${lvl}`;
    for (const f of ['total', 'new', 'ongoing']) put(`${b}.${f}`, get(r, `${b}.${f}`));
    equations.push({ total: `${b}.total`, parts: [`${b}.new`, `${b}.ongoing`] });
  }
  for (const g of FORM_GROUPS) put(`prosecutions.by_form.${g}`, r.prosecutions.by_form[g]);
  put('convictions.total', r.convictions.total);
  for (const [k, v] of Object.entries(r.officials)) put(`officials.${k}`, v);
  put('victims.identification_records', r.victims.identification_records);
  put('victims.linked_duplicates', r.victims.linked_duplicates);
  put('victims.total', r.victims.total);
  equations.push({
    total: 'victims.identification_records',
    parts: ['victims.total', 'victims.linked_duplicates'],
  });
  // victims by form and sex/age, with row and column totals
  const rowTotals: string[] = [];
  for (const g of FORM_GROUPS) {
    const parts = SEX_AGE.map((sa) => `victims.by_form_sex_age.${g}.${sa}`);
    for (const sa of SEX_AGE) put(`victims.by_form_sex_age.${g}.${sa}`, r.victims.by_form_sex_age[g][sa]);
    put(
      `victims.by_form_sex_age.${g}.total`,
      parts.reduce((s, p) => s + (cells[p] ?? 0), 0),
    );
    equations.push({ total: `victims.by_form_sex_age.${g}.total`, parts });
    rowTotals.push(`victims.by_form_sex_age.${g}.total`);
  }
  const colTotals: string[] = [];
  for (const sa of SEX_AGE) {
    const parts = FORM_GROUPS.map((g) => `victims.by_form_sex_age.${g}.${sa}`);
    put(
      `victims.by_form_sex_age.total.${sa}`,
      parts.reduce((s, p) => s + (cells[p] ?? 0), 0),
    );
    equations.push({ total: `victims.by_form_sex_age.total.${sa}`, parts });
    colTotals.push(`victims.by_form_sex_age.total.${sa}`);
  }
  equations.push({ total: 'victims.total', parts: rowTotals });
  equations.push({ total: 'victims.total', parts: colTotals });
  put('victims.foreign.total', r.victims.foreign.total);
  put('hotline.trafficking_related_contacts', r.hotline.trafficking_related_contacts);
  put('hotline.referred_to_prosecutors', r.hotline.referred_to_prosecutors);
  put(
    'hotline.not_referred_to_prosecutors',
    r.hotline.trafficking_related_contacts - r.hotline.referred_to_prosecutors,
  );
  equations.push({
    total: 'hotline.trafficking_related_contacts',
    parts: ['hotline.referred_to_prosecutors', 'hotline.not_referred_to_prosecutors'],
  });
  put('financial_intelligence.suspicious_transactions', r.financial_intelligence.suspicious_transactions);
  put('restitution.victims_paid', r.restitution.victims_paid);
  if (input.states) {
    const cols = ['victims', 'investigations', 'prosecutions', 'convictions'] as const;
    for (const c of cols) {
      const parts: string[] = [];
      for (const s of input.states) {
        put(`by_state.${s.state_code}.${c}`, s[c]);
        parts.push(`by_state.${s.state_code}.${c}`);
      }
      put(
        `by_state.all.${c}`,
        parts.reduce((sum, p) => sum + (cells[p] ?? 0), 0),
      );
      // victims can be counted in several states, so their column sum is a published figure of its own
      equations.push({ total: `by_state.all.${c}`, parts });
    }
  }
  return { cells, equations };
}

/** Builds the protected public release. */
export function buildRelease(input: ReleaseInput, opts: ReleaseOptions = {}): PublicRelease {
  const k = opts.k ?? 11;
  const { cells, equations } = releaseCells(input);
  let values = cells;
  let dp: PublicRelease['disclosure']['differential_privacy'] = null;
  if (opts.epsilon !== undefined) {
    if (!opts.rng) throw new Error('differential privacy needs a random source');
    values = noisyCells(cells, equations, opts.epsilon, opts.rng);
    dp = {
      epsilon: opts.epsilon,
      mechanism:
        'two-sided geometric noise on every count that is not a total; totals are sums of noisy parts',
      note: `each published count is ${opts.epsilon}-differentially private for one person's presence in it; a person counted in several cells is protected with the sum of their epsilons`,
    };
  }
  const { published, primary, complementary } = suppressCells(values, equations, k);
  const r = input.report;
  const small = (n: number) => n >= 1 && n < k;
  const amounts: Record<string, number | null> = {
    'restitution.ordered_mxn': small(r.convictions.total) ? null : r.restitution.ordered_mxn,
    'restitution.paid_mxn': small(r.restitution.victims_paid) ? null : r.restitution.paid_mxn,
    'restitution.paid_by_fund_mxn': small(r.restitution.victims_paid) ? null : r.restitution.paid_by_fund_mxn,
    'financial_intelligence.amount_usd': small(r.financial_intelligence.suspicious_transactions)
      ? null
      : r.financial_intelligence.amount_usd,
    'convictions.sentence_months.min': small(r.convictions.total) ? null : r.convictions.sentence_months.min,
    'convictions.sentence_months.max': small(r.convictions.total) ? null : r.convictions.sentence_months.max,
  };
  let countries: string[];
  let withheld = 0;
  if (input.countryCounts) {
    countries = Object.entries(input.countryCounts)
      .filter(([, n]) => n >= k)
      .map(([c]) => c)
      .sort();
    withheld = r.victims.foreign.countries.length - countries.length;
  } else {
    countries = [];
    withheld = r.victims.foreign.countries.length;
  }
  return {
    year: r.year,
    cells: published,
    equations,
    amounts,
    countries,
    disclosure: {
      k,
      primary_suppressed: primary.length,
      complementary_suppressed: complementary.length,
      suppressed: [...primary, ...complementary].sort(),
      countries_withheld: withheld,
      differential_privacy: dp,
      note: `No published count lies between 1 and ${k - 1}: such counts are suppressed (null), with further cells suppressed so that no suppressed count can be recovered from the totals. Amounts resting on fewer than ${k} people or records are withheld; countries of origin are listed only with at least ${k} victims.`,
    },
  };
}

/** CSV of the release: figure,value,status (published | suppressed | withheld), plus the country list. */
export function releaseCsv(rel: PublicRelease): string {
  // Text cells neutralised against formula injection and quoted where needed; numbers as they are.
  const line = (...cells: (string | number | null | undefined)[]) => cells.map(csvCell).join(',');
  const lines = [line('figure', 'value', 'status')];
  for (const key of Object.keys(rel.cells).sort()) {
    const v = rel.cells[key];
    lines.push(
      line(key, v, v === null ? 'suppressed' : rel.disclosure.differential_privacy ? 'noisy' : 'published'),
    );
  }
  for (const key of Object.keys(rel.amounts).sort()) {
    const v = rel.amounts[key];
    lines.push(line(key, v, v === null || v === undefined ? 'withheld' : 'published'));
  }
  lines.push(line('victims.foreign.countries', rel.countries.join(';'), 'published'));
  return `${lines.join('\n')}\n`;
}
