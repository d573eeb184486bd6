/**
 * Choices of the listing form. Codes are what the API stores; people only ever see names
 * (catalog `providerListing.languages.*`, Intl country names, INEGI state and municipality names).
 */
import { SERVICES } from '@enlace/core/taxonomy';

/** Languages a provider's staff may speak (ISO 639-3). Otomí is `ote` (Mezquital), Tseltal `tzh`. */
export const LISTING_LANGUAGES = [
  'spa',
  'nah',
  'tzo',
  'tzh',
  'yua',
  'zap',
  'mix',
  'ote',
  'maz',
  'tar',
  'ctu',
  'toj',
  'hch',
  'eng',
] as const;

/** Nationalities commonly served (ISO 3166-1 alpha-3 → alpha-2 for Intl.DisplayNames). Empty = all. */
export const LISTING_NATIONALITIES: readonly { code: string; region: string }[] = [
  { code: 'MEX', region: 'MX' },
  { code: 'GTM', region: 'GT' },
  { code: 'HND', region: 'HN' },
  { code: 'SLV', region: 'SV' },
  { code: 'NIC', region: 'NI' },
  { code: 'VEN', region: 'VE' },
  { code: 'COL', region: 'CO' },
  { code: 'CUB', region: 'CU' },
  { code: 'HTI', region: 'HT' },
  { code: 'ECU', region: 'EC' },
  { code: 'USA', region: 'US' },
];

/** The services a listing offers: the one list of services (@enlace/core/taxonomy). */
export const LISTING_SERVICES = SERVICES;

export const LISTING_SEXES = ['female', 'male', 'intersex'] as const;

export interface Municipio {
  code: string;
  name: string;
  stateCode: string;
}

let cache: Promise<Municipio[]> | null = null;

/** The 2,457 INEGI municipalities (packages/core/data/municipios_centroids.csv), loaded on demand as its own chunk. */
export function loadMunicipios(): Promise<Municipio[]> {
  cache ??= import('../../../../../packages/core/data/municipios_centroids.csv?raw').then((m) =>
    parseMunicipios(m.default),
  );
  return cache;
}

/** Parses the INEGI CSV (CVE_ENT,CVE_MUN,NOM_MUN,concat,long,lat; names may be quoted). */
export function parseMunicipios(csv: string): Municipio[] {
  const out: Municipio[] = [];
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const m = /^(\d{2}),\d{3},(?:"([^"]*)"|([^,]*)),(\d{5}),/.exec(line);
    if (m) out.push({ stateCode: m[1]!, name: (m[2] ?? m[3] ?? '').trim(), code: m[4]! });
  }
  return out;
}

/** Lower case without accents, for search by name. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Which form field an API error path (`capacity.free`, `eligibility.minAge`, `coverage.states.3`) belongs to. */
export function fieldOf(path: string): string {
  const [head, sub] = path.split('.');
  if (head === 'capacity') return sub === 'free' ? 'free' : 'total';
  if (head === 'eligibility')
    return sub === 'sexes' || sub === 'minAge' || sub === 'maxAge' ? sub : 'nationalities';
  if (head === 'coverage') return 'states';
  return head ?? '';
}
