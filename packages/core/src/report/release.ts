/**
 * The public release of the annual report: its figures as named cells with their equations, protected by
 * disclosure.ts (k-threshold + complementary suppression, optional differential privacy).
 */
import { csvCell } from '../spreadsheet-safety.ts';
import { FORM_GROUPS } from '../taxonomy.ts';
import { SEX_AGE } from './age.ts';
import type { StateFigures } from './breakdown.ts';
import type { AnnualReport } from './compute.ts';
import {
  type Equation,
  noisyCells,
  type RelationKind,
  type SuppressionReason,
  suppressCells,
} from './disclosure.ts';

export interface ReleaseInput {
  report: AnnualReport;
  states?: readonly StateFigures[];
  /** foreign victims per nationality (ISO alpha-3) */
  countryCounts?: Readonly<Record<string, number>>;
  /** investigations opened in the year by every agency (also those of no reporting level) */
  investigationsAll?: number;
}

const STATE_COLUMNS = ['victims', 'investigations', 'prosecutions', 'convictions'] as const;

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
    /** why each suppressed cell is suppressed (for the analysts; not on the public page) */
    reasons: Record<string, SuppressionReason>;
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

/**
 * Every additive relation a reader of the release knows, derived from the report's structure (not listed
 * per cell). Each figure family below adds its cells and its relations; `kind` says which:
 *
 * - `forms`   forms within a level: `<block>.total = Σ <block>.<group>` for investigations, convictions and
 *             victims at each level, and victims served / referred; `prosecutions.total = Σ by_form`.
 * - `levels`  levels within a total: `investigations.total`, `prosecutions.total`, `convictions.total` =
 *             federal + state + `other_agencies` (records of agencies of no reporting level: usually a
 *             published 0, which is exactly what lets a reader take "only federal and state agencies
 *             convict" as a fact, so it is modelled as a cell, not assumed).
 * - `status`  `prosecutions.<level>.total = new + ongoing`.
 * - `states`  states within the national figure: `by_state.all.<c> = Σ by_state.<state>.<c>` for victims,
 *             investigations, prosecutions and convictions, and for the last three
 *             `<c>.total = by_state.all.<c> + by_state.no_state.<c>` (records with no state). Victims
 *             identified in two states count in both, so victims by state have no relation to the total.
 * - `sex_age` sex/age within their total: the form × sex/age table with row totals, column totals and
 *             `victims.total` as the grand total both ways.
 * - `records` `victims.identification_records = victims.total + victims.linked_duplicates`.
 * - `hotline` `contacts = referred to prosecutors + not referred`.
 * - `subset`  inequalities `total ≥ Σ parts` a reader also knows: the victims of one level, the foreign
 *             victims and the victims of one state are among all victims; the victims of a level and form
 *             are among the victims of that form; officials' cases are among all cases.
 * Chains of these (a level total that is also the sum of its forms, a national total that is also the sum
 * of its states) are covered because the attacker and the suppression solve all relations at once.
 */
export function releaseCells(input: ReleaseInput): { cells: Flat; equations: Equation[] } {
  const r = input.report;
  const cells: Flat = {};
  const equations: Equation[] = [];
  const put = (key: string, v: number) => {
    cells[key] = v;
  };
  const rel = (kind: RelationKind, total: string, parts: string[], inequality = false) =>
    equations.push(inequality ? { total, parts, kind, inequality } : { total, parts, kind });
  const sum = (keys: readonly string[]) => keys.reduce((s, k) => s + (cells[k] ?? 0), 0);

  // forms within a level
  for (const b of GROUP_BLOCKS) {
    put(`${b}.total`, get(r, `${b}.total`));
    for (const g of FORM_GROUPS) put(`${b}.${g}`, get(r, `${b}.${g}`));
    rel(
      'forms',
      `${b}.total`,
      FORM_GROUPS.map((g) => `${b}.${g}`),
    );
  }
  // prosecutions: new + ongoing at each level, and by form over every agency
  for (const lvl of ['federal', 'state'] as const) {
    const b = `prosecutions.${lvl}`;
    for (const f of ['total', 'new', 'ongoing']) put(`${b}.${f}`, get(r, `${b}.${f}`));
    rel('status', `${b}.total`, [`${b}.new`, `${b}.ongoing`]);
  }
  for (const g of FORM_GROUPS) put(`prosecutions.by_form.${g}`, r.prosecutions.by_form[g]);
  const byForm = FORM_GROUPS.map((g) => `prosecutions.by_form.${g}`);
  put('prosecutions.total', sum(byForm));
  rel('forms', 'prosecutions.total', byForm);
  // levels within a total
  const investigationsAll =
    input.investigationsAll ?? r.investigations.federal.total + r.investigations.state.total;
  put('investigations.total', investigationsAll);
  put('convictions.total', r.convictions.total);
  for (const c of ['investigations', 'prosecutions', 'convictions'] as const) {
    const parts = [`${c}.federal.total`, `${c}.state.total`];
    put(`${c}.other_agencies`, Math.max(0, (cells[`${c}.total`] ?? 0) - sum(parts)));
    rel('levels', `${c}.total`, [...parts, `${c}.other_agencies`]);
  }
  for (const [k, v] of Object.entries(r.officials)) {
    put(`officials.${k}`, v);
    rel('subset', `${k}.total`, [`officials.${k}`], true);
  }
  // victims: records, sex/age table
  put('victims.identification_records', r.victims.identification_records);
  put('victims.linked_duplicates', r.victims.linked_duplicates);
  put('victims.total', r.victims.total);
  rel('records', 'victims.identification_records', ['victims.total', 'victims.linked_duplicates']);
  const rowTotals: string[] = [];
  for (const g of FORM_GROUPS) {
    const parts = SEX_AGE.map((sa) => `victims.by_form_sex_age.${g}.${sa}`);
    for (const sa of SEX_AGE) put(`victims.by_form_sex_age.${g}.${sa}`, r.victims.by_form_sex_age[g][sa]);
    put(`victims.by_form_sex_age.${g}.total`, sum(parts));
    rel('sex_age', `victims.by_form_sex_age.${g}.total`, parts);
    rowTotals.push(`victims.by_form_sex_age.${g}.total`);
  }
  const colTotals: string[] = [];
  for (const sa of SEX_AGE) {
    const parts = FORM_GROUPS.map((g) => `victims.by_form_sex_age.${g}.${sa}`);
    put(`victims.by_form_sex_age.total.${sa}`, sum(parts));
    rel('sex_age', `victims.by_form_sex_age.total.${sa}`, parts);
    colTotals.push(`victims.by_form_sex_age.total.${sa}`);
  }
  rel('sex_age', 'victims.total', rowTotals);
  rel('sex_age', 'victims.total', colTotals);
  put('victims.foreign.total', r.victims.foreign.total);
  for (const lvl of ['federal', 'state'] as const) {
    rel('subset', 'victims.total', [`victims.${lvl}.total`], true);
    for (const g of FORM_GROUPS)
      rel('subset', `victims.by_form_sex_age.${g}.total`, [`victims.${lvl}.${g}`], true);
  }
  rel('subset', 'victims.total', ['victims.foreign.total'], true);
  // hotline
  put('hotline.trafficking_related_contacts', r.hotline.trafficking_related_contacts);
  put('hotline.referred_to_prosecutors', r.hotline.referred_to_prosecutors);
  put(
    'hotline.not_referred_to_prosecutors',
    r.hotline.trafficking_related_contacts - r.hotline.referred_to_prosecutors,
  );
  rel('hotline', 'hotline.trafficking_related_contacts', [
    'hotline.referred_to_prosecutors',
    'hotline.not_referred_to_prosecutors',
  ]);
  put('financial_intelligence.suspicious_transactions', r.financial_intelligence.suspicious_transactions);
  put('restitution.victims_paid', r.restitution.victims_paid);
  // states within the national figures
  if (input.states) {
    for (const c of STATE_COLUMNS) {
      const parts: string[] = [];
      for (const s of input.states) {
        put(`by_state.${s.state_code}.${c}`, s[c]);
        parts.push(`by_state.${s.state_code}.${c}`);
        if (c === 'victims') rel('subset', 'victims.total', [`by_state.${s.state_code}.victims`], true);
      }
      put(`by_state.all.${c}`, sum(parts));
      rel('states', `by_state.all.${c}`, parts);
      if (c !== 'victims') {
        put(
          `by_state.no_state.${c}`,
          Math.max(0, (cells[`${c}.total`] ?? 0) - (cells[`by_state.all.${c}`] ?? 0)),
        );
        rel('states', `${c}.total`, [`by_state.all.${c}`, `by_state.no_state.${c}`]);
      }
    }
  }
  return { cells, equations };
}

/** Whether every relation holds on these values (true for the counts; noise may break the secondary ones). */
export const relationHolds = (eq: Equation, v: Readonly<Record<string, number>>): boolean => {
  const parts = eq.parts.reduce((s, p) => s + (v[p] ?? 0), 0);
  return eq.inequality ? (v[eq.total] ?? 0) >= parts : (v[eq.total] ?? 0) === parts;
};

/** Builds the protected public release. */
export function buildRelease(input: ReleaseInput, opts: ReleaseOptions = {}): PublicRelease {
  const k = opts.k ?? 11;
  const { cells, equations } = releaseCells(input);
  let values = cells;
  let dp: PublicRelease['disclosure']['differential_privacy'] = null;
  if (opts.epsilon !== undefined) {
    if (!opts.rng) throw new Error('differential privacy needs a random source');
    values = noisyCells(cells, equations, opts.epsilon, opts.rng);
    // remainder cells (other agencies, no state) are what is left of their noisy total
    for (const eq of equations) {
      const rem = eq.parts[eq.parts.length - 1];
      if (eq.inequality || !rem || !/\.other_agencies$|^by_state\.no_state\./.test(rem)) continue;
      const left = (values[eq.total] ?? 0) - eq.parts.slice(0, -1).reduce((s, p) => s + (values[p] ?? 0), 0);
      if (left >= 0) values[rem] = left;
    }
    dp = {
      epsilon: opts.epsilon,
      mechanism:
        'two-sided geometric noise once on every count that is not a total; totals are sums of the noisy parts (unbiased), then made non-negative integers top down: a total clamped at 0 is shared among its parts by projection, so the sums still hold',
      note: `each published count is ${opts.epsilon}-differentially private for one person's presence in it; a person counted in several cells is protected with the sum of their epsilons`,
    };
  }
  // the relations that hold on the values published: all of them without noise; with noise, totals are sums
  // of noisy parts along the first relation that defines them, and a second relation of the same total
  // (states, levels) that no longer holds is not stated
  const relations = equations.filter((eq) => relationHolds(eq, values));
  const { published, primary, complementary, reasons } = suppressCells(values, relations, k);
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
    equations: relations,
    amounts,
    countries,
    disclosure: {
      k,
      primary_suppressed: primary.length,
      complementary_suppressed: complementary.length,
      suppressed: [...primary, ...complementary].sort(),
      reasons,
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
