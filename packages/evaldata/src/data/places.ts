/**
 * Population weights of the 32 states (millions, rounded, 2020 census order of magnitude), telephone area
 * codes, foreign origins of migrants and their weights among foreign victims, and Indigenous languages.
 * Written from the author's knowledge; the state codes themselves come from @enlace/core's INEGI table.
 */
export const STATE_POPULATION: Readonly<Record<string, number>> = {
  '01': 1.4,
  '02': 3.8,
  '03': 0.8,
  '04': 0.9,
  '05': 3.1,
  '06': 0.7,
  '07': 5.5,
  '08': 3.7,
  '09': 9.2,
  '10': 1.8,
  '11': 6.2,
  '12': 3.5,
  '13': 3.1,
  '14': 8.3,
  '15': 17.0,
  '16': 4.7,
  '17': 2.0,
  '18': 1.2,
  '19': 5.8,
  '20': 4.1,
  '21': 6.6,
  '22': 2.4,
  '23': 1.9,
  '24': 2.8,
  '25': 3.0,
  '26': 2.9,
  '27': 2.4,
  '28': 3.5,
  '29': 1.3,
  '30': 8.1,
  '31': 2.3,
  '32': 1.6,
};

/** Some telephone area codes per state (the generator draws one; others get a plausible three-digit code). */
export const AREA_CODES: Readonly<Record<string, readonly string[]>> = {
  '01': ['449'],
  '02': ['664', '686', '646'],
  '03': ['612', '624'],
  '04': ['981', '938'],
  '05': ['844', '871'],
  '06': ['312', '314'],
  '07': ['961', '962', '967'],
  '08': ['614', '656'],
  '09': ['55'],
  '10': ['618'],
  '11': ['477', '473', '461'],
  '12': ['744', '747'],
  '13': ['771'],
  '14': ['33', '322'],
  '15': ['55', '722', '729'],
  '16': ['443', '351'],
  '17': ['777'],
  '18': ['311'],
  '19': ['81'],
  '20': ['951', '971'],
  '21': ['222', '238'],
  '22': ['442'],
  '23': ['998', '983', '984'],
  '24': ['444'],
  '25': ['667', '669'],
  '26': ['662', '644'],
  '27': ['993'],
  '28': ['899', '868', '833'],
  '29': ['246'],
  '30': ['229', '228', '921'],
  '31': ['999'],
  '32': ['492'],
};

export type Origin = 'mex' | 'cam' | 'sam' | 'cub' | 'hti';

/** Foreign nationalities among victims in Mexico, with weights and the name lists they draw from. */
export const FOREIGN_NATIONALITIES: readonly (readonly [string, number, Origin])[] = [
  ['GTM', 25, 'cam'],
  ['HND', 25, 'cam'],
  ['SLV', 12, 'cam'],
  ['NIC', 5, 'cam'],
  ['VEN', 15, 'sam'],
  ['COL', 6, 'sam'],
  ['ECU', 2, 'sam'],
  ['PER', 2, 'sam'],
  ['ARG', 2, 'sam'],
  ['CUB', 4, 'cub'],
  ['HTI', 2, 'hti'],
];

/** Indigenous languages (ISO 639-3; `nah` as the exchange format accepts it) by state where they are spoken. */
export const INDIGENOUS_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  '07': ['tzo', 'tzh', 'ctu', 'toj'],
  '20': ['zap', 'mix', 'maz', 'cco'],
  '12': ['nah', 'mix', 'amu'],
  '31': ['yua'],
  '23': ['yua'],
  '04': ['yua'],
  '21': ['nah', 'top'],
  '29': ['nah'],
  '30': ['nah', 'top'],
  '13': ['nah', 'ote'],
  '15': ['maz', 'ote', 'nah'],
  '16': ['pua'],
  '24': ['nah', 'hus'],
  '08': ['tar'],
  '18': ['hch', 'crn'],
};
/** Languages of foreign origins (Guatemalan Maya languages for part of `GTM`). */
export const FOREIGN_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  GTM: ['mam', 'kek', 'quc'],
  HTI: ['hat', 'fra'],
};

/** Safe synthetic e-mail domains (reserved for documentation by RFC 2606; never a real mailbox). */
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'correo.example'];
