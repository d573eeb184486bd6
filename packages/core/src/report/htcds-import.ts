/**
 * HTCDS / CTDC import: one row of a file in the columns of CTDC's global dataset (the Human Trafficking Case
 * Data Standard's record-level victim file, the columns `ctdcExport` writes) read back into Enlace's data
 * model as one person record and one identification. Pure (no I/O); the server streams the file through it
 * (apps/server/src/import/htcds.ts).
 *
 * The row is anonymised, so what comes back is what the row says and nothing more: the year of registration
 * becomes the identification's date (1 July of that year), `ageBroad` and `majorityStatus` become a birth
 * date that gives the same band and majority on that date (a full date for a band; a year only when the band
 * was generalised to -99 but the majority kept), forms, means of control, sector, recruitment and the
 * recruiter's relation the codes that give the same columns again (a victim with several types of labour or
 * sex work: one identification per sector, the same day). So `ctdcRow` of the imported records is
 * the row itself (`htcds-import.test.ts`, property test), and a CTDC export imported and exported again is
 * the same file. Where a value has no code in Enlace's taxonomy (forced military service, "uses children"
 * and "restricts medical care" as means of control, pornography and private sexual services as types of
 * sex work, aquafarming and transportation as types of labour) the nearest code is taken and the row is
 * counted in `approximated`.
 */
import countries from 'i18n-iso-countries';
import type { Form } from '../taxonomy.ts';
import { SECTORS } from '../taxonomy.ts';
import { AGE_BANDS, CTDC_COLUMNS, LABOUR, MEANS, MISSING, RELATIONS, SEXTYPE } from './ctdc.ts';

export interface HtcdsCellError {
  column: string;
  message: { 'es-MX': string; 'en-US': string };
}

export interface HtcdsRecords {
  person: {
    birth_date: string | null;
    sex: 'female' | 'male' | null;
    nationality: string | null;
  };
  identification: {
    date: string;
    primary_form: Form;
    other_forms: Form[];
    country_of_exploitation: string | null;
    /** one identification per sector (Enlace holds one sector per identification); none: no sector */
    sectors: string[];
    means_of_control: string[];
    recruitment: string[];
    recruiter_relation: string | null;
  };
  /** columns whose value was taken to the nearest code of Enlace's taxonomy */
  approximated: string[];
}

/** Columns a file must have; every other CTDC column may be missing (read as -99), unknown ones are ignored. */
export const HTCDS_REQUIRED_COLUMNS = ['yearOfRegistration'] as const;

const M = String(MISSING);
const FLAG = new Set(['0', '1', M]);
const err = (column: string, es: string, en: string): HtcdsCellError => ({
  column,
  message: { 'es-MX': es, 'en-US': en },
});

const alpha3 = (column: string, v: string, errors: HtcdsCellError[]): string | null => {
  if (v === M) return null;
  const a3 = /^[A-Z]{2}$/.test(v) ? countries.alpha2ToAlpha3(v) : undefined;
  if (!a3) {
    errors.push(
      err(
        column,
        `«${v}» no es un código de país ISO 3166 de dos letras (o -99)`,
        `"${v}" is not a two-letter ISO 3166 country code (or -99)`,
      ),
    );
    return null;
  }
  return a3;
};

/** Forms by the exploitation flags, in the order the primary form is chosen. */
const EXPLOIT_FORMS: Array<[string, Form]> = [
  ['isSexualExploit', 'sexual'],
  ['isForcedLabour', 'forced_labor'],
  ['isForcedMarriage', 'forced_marriage'],
  ['isSlaveryAndPractices', 'servitude'],
  ['isOrganRemoval', 'organ_removal'],
  ['isOtherExploit', 'other'],
  ['isForcedMilitary', 'other'],
];
const RELATION_TEXT: Record<string, string> = {
  'Intimate partner': 'intimate_partner',
  Friend: 'friend',
  'Family/relative': 'family',
  Other: 'other',
};

/** The flag columns a sector sets (LABOUR when the victim was in forced labour, SEXTYPE when sexually exploited). */
function sectorFlags(sector: string, labour: boolean, sexual: boolean): Set<string> {
  const out = new Set<string>();
  if (labour) for (const [c, vals] of LABOUR) if (vals.includes(sector)) out.add(c);
  if (sexual) for (const [c, vals] of SEXTYPE) if (vals.includes(sector)) out.add(c);
  return out;
}

/**
 * Reads one row (column name -> cell text, already restored from formula-injection escapes). Returns the
 * records, or the errors of its cells.
 */
export function htcdsRecords(
  row: Readonly<Record<string, string | undefined>>,
): { ok: true; value: HtcdsRecords } | { ok: false; errors: HtcdsCellError[] } {
  const errors: HtcdsCellError[] = [];
  const approximated: string[] = [];
  const get = (c: string) => (row[c] ?? M).trim() || M;
  const flag = (c: string): 0 | 1 | null => {
    const v = get(c);
    if (!FLAG.has(v)) {
      errors.push(err(c, `«${v}» no es 1, 0 ni -99`, `"${v}" is not 1, 0 or -99`));
      return null;
    }
    return v === '1' ? 1 : v === '0' ? 0 : null;
  };

  const yearText = get('yearOfRegistration');
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
  if (!(year >= 1900 && year <= 2100))
    errors.push(
      err(
        'yearOfRegistration',
        `«${yearText}» no es un año de registro (1900 a 2100)`,
        `"${yearText}" is not a year of registration (1900 to 2100)`,
      ),
    );
  const date = `${yearText}-07-01`;

  const gender = get('gender');
  let sex: 'female' | 'male' | null = null;
  if (gender === 'Female') sex = 'female';
  else if (gender === 'Male') sex = 'male';
  else if (gender !== M)
    errors.push(
      err('gender', `«${gender}» no es Female, Male ni -99`, `"${gender}" is not Female, Male or -99`),
    );

  // birth date from the age band and the majority status on the date of registration
  const ageText = get('ageBroad');
  const band = AGE_BANDS.find(([, , label]) => label === ageText);
  if (!band && ageText !== M)
    errors.push(
      err(
        'ageBroad',
        `«${ageText}» no es una franja de edad de CTDC (${AGE_BANDS.map((b) => b[2]).join(', ')}) ni -99`,
        `"${ageText}" is not a CTDC age band (${AGE_BANDS.map((b) => b[2]).join(', ')}) or -99`,
      ),
    );
  const majority = get('majorityStatus');
  if (![M, 'Minor', 'Adult'].includes(majority))
    errors.push(
      err(
        'majorityStatus',
        `«${majority}» no es Minor, Adult ni -99`,
        `"${majority}" is not Minor, Adult or -99`,
      ),
    );
  let birth: string | null = null;
  if (band) {
    const minor = band[0] < 18;
    if (majority !== M && (majority === 'Minor') !== minor)
      errors.push(
        err(
          'majorityStatus',
          `«${majority}» contradice la franja de edad ${band[2]}`,
          `"${majority}" contradicts the age band ${band[2]}`,
        ),
      );
    if (Number.isFinite(year)) birth = `${String(year - band[0]).padStart(4, '0')}-07-01`;
  } else if (Number.isFinite(year) && majority === 'Minor') {
    // ages 8 or 9 on 1 July: a minor whose band (0--8 or 9--17) is not known
    birth = String(year - 9).padStart(4, '0');
  } else if (Number.isFinite(year) && majority === 'Adult') {
    // ages 20 or 21: an adult whose band (18--20 or 21--23) is not known
    birth = String(year - 21).padStart(4, '0');
  }

  const nationality = alpha3('citizenship', get('citizenship'), errors);
  const country = alpha3('CountryOfExploitation', get('CountryOfExploitation'), errors);

  // forms
  const forms: Form[] = [];
  for (const [c, f] of EXPLOIT_FORMS) {
    if (flag(c) === 1) {
      if (c === 'isForcedMilitary') approximated.push(c);
      if (!forms.includes(f)) forms.push(f);
    }
  }
  const labour = forms.includes('forced_labor');
  const sexual = forms.includes('sexual');
  const both = flag('isSexAndLabour');
  if (both !== null && (both === 1) !== (labour && sexual))
    errors.push(
      err(
        'isSexAndLabour',
        'no coincide con isSexualExploit e isForcedLabour',
        'does not agree with isSexualExploit and isForcedLabour',
      ),
    );

  // means of control: the first code of each flagged column
  const means: string[] = [];
  for (const [c, vals] of MEANS) {
    if (flag(c) !== 1) continue;
    if (vals.length) means.push(vals[0]!);
    else {
      approximated.push(c);
      if (!means.includes('other')) means.push('other');
    }
  }

  // sectors: Enlace holds one sector per identification, so a victim with several types of labour or sex work
  // is one identification per sector (as the records a CTDC export comes from are). The one code that sets
  // exactly the flagged type-of-labour and type-of-sex columns, else codes that each set only flagged
  // columns, the most first, until all are set.
  const flagged = new Set<string>();
  for (const [c] of [...LABOUR, ...SEXTYPE]) if (flag(c) === 1) flagged.add(c);
  const sectors: string[] = [];
  if (flagged.size) {
    const exact = SECTORS.find((s) => {
      const set = sectorFlags(s, labour, sexual);
      return set.size === flagged.size && [...set].every((c) => flagged.has(c));
    });
    if (exact) sectors.push(exact);
    else {
      const left = new Set(flagged);
      while (left.size) {
        let best: string | null = null;
        let bestHit = 0;
        for (const s of SECTORS) {
          const set = sectorFlags(s, labour, sexual);
          if (![...set].every((c) => flagged.has(c))) continue;
          const hit = [...set].filter((c) => left.has(c)).length;
          if (hit > bestHit) {
            best = s;
            bestHit = hit;
          }
        }
        if (!best) break;
        sectors.push(best);
        for (const c of sectorFlags(best, labour, sexual)) left.delete(c);
      }
      if (left.size) approximated.push('typeOfLabour/typeOfSex');
    }
  }

  const abduction = flag('isAbduction');
  const recruitment = abduction === 1 ? ['abduction'] : abduction === 0 ? ['other'] : [];

  const relText = get('RecruiterRelationship');
  let relation: string | null = null;
  if (relText !== M) {
    relation = RELATION_TEXT[relText] ?? null;
    if (!relation)
      errors.push(
        err(
          'RecruiterRelationship',
          `«${relText}» no es Intimate partner, Friend, Family/relative, Other ni -99`,
          `"${relText}" is not Intimate partner, Friend, Family/relative, Other or -99`,
        ),
      );
  }
  for (const [c, vals] of RELATIONS) {
    const f = flag(c);
    if (f !== null && relation && (f === 1) !== vals.includes(relation))
      errors.push(
        err(c, 'no coincide con RecruiterRelationship', 'does not agree with RecruiterRelationship'),
      );
  }
  for (const c of ['meansOfControlNotSpecified', 'typeOfLabourNotSpecified', 'recruiterRelationUnknown'])
    flag(c);

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      person: { birth_date: birth, sex, nationality },
      identification: {
        date,
        primary_form: forms[0] ?? 'unspecified',
        other_forms: forms.slice(1),
        country_of_exploitation: country,
        sectors,
        means_of_control: means,
        recruitment,
        recruiter_relation: relation,
      },
      approximated,
    },
  };
}

/** Errors of a header line: the required columns missing. Columns are matched by name, in any order. */
export function htcdsHeaderErrors(header: readonly string[]): HtcdsCellError[] {
  return HTCDS_REQUIRED_COLUMNS.filter((c) => !header.includes(c)).map((c) =>
    err(c, `falta la columna ${c}`, `the column ${c} is missing`),
  );
}

/** Whether a header names any CTDC column at all (to tell a CTDC file from another CSV). */
export const knownHtcdsColumns = (header: readonly string[]) =>
  header.filter((c) => CTDC_COLUMNS.includes(c));
