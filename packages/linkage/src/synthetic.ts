import { curpCheckDigit } from './curp.ts';
import { rng } from './model.ts';
import { NICKNAMES_ES } from './nicknames.ts';
import type { LinkRecord } from './types.ts';

/**
 * Synthetic Mexican persons with realistic names (invented combinations, no real person), valid CURPs,
 * and duplicates corrupted the way agency records differ: nicknames, a dropped compound given name,
 * a missing or swapped second surname, accents and case, typos, day/month swaps, partial dates,
 * phone formats, and missing fields.
 */

const FEMALE = [
  'María',
  'Guadalupe',
  'Juana',
  'Margarita',
  'Verónica',
  'Leticia',
  'Rosa',
  'Francisca',
  'Teresa',
  'Alejandra',
  'Patricia',
  'Gabriela',
  'Adriana',
  'Claudia',
  'Elizabeth',
  'Silvia',
  'Ana',
  'Yolanda',
  'Martha',
  'Laura',
  'Concepción',
  'Refugio',
  'Dolores',
  'Josefina',
  'Isabel',
  'Mercedes',
  'Rosario',
  'Alicia',
  'Socorro',
  'Ximena',
  'Fernanda',
  'Daniela',
  'Valeria',
  'Camila',
  'Sofía',
  'Regina',
  'Paulina',
  'Mónica',
  'Beatriz',
  'Natalia',
  'Luz',
  'Graciela',
  'Araceli',
  'Norma',
  'Lorena',
  'Karla',
  'Itzel',
  'Citlali',
  'Xóchitl',
  'Yesenia',
];
const MALE = [
  'José',
  'Juan',
  'Francisco',
  'Jesús',
  'Antonio',
  'Alejandro',
  'Miguel',
  'Pedro',
  'Manuel',
  'Ricardo',
  'Luis',
  'Jorge',
  'Roberto',
  'Carlos',
  'Fernando',
  'Eduardo',
  'Guillermo',
  'Ignacio',
  'Rafael',
  'Sergio',
  'Javier',
  'Enrique',
  'Alfonso',
  'Gerardo',
  'Salvador',
  'Gustavo',
  'Alberto',
  'Arturo',
  'Raúl',
  'Ángel',
  'Daniel',
  'Héctor',
  'Mario',
  'Óscar',
  'Víctor',
  'Rodolfo',
  'Gregorio',
  'Vicente',
  'Santiago',
  'Emiliano',
  'Diego',
  'Iván',
  'Jaime',
  'Rubén',
  'Andrés',
  'Hugo',
  'Joel',
  'Ramón',
  'Armando',
  'Efraín',
];
const SURNAMES = [
  'Hernández',
  'García',
  'Martínez',
  'López',
  'González',
  'Pérez',
  'Rodríguez',
  'Sánchez',
  'Ramírez',
  'Cruz',
  'Flores',
  'Gómez',
  'Morales',
  'Vázquez',
  'Reyes',
  'Jiménez',
  'Torres',
  'Díaz',
  'Gutiérrez',
  'Ruiz',
  'Mendoza',
  'Aguilar',
  'Ortiz',
  'Moreno',
  'Castillo',
  'Romero',
  'Álvarez',
  'Méndez',
  'Chávez',
  'Rivera',
  'Juárez',
  'Ramos',
  'Domínguez',
  'Herrera',
  'Medina',
  'Castro',
  'Vargas',
  'Guzmán',
  'Velázquez',
  'Muñoz',
  'Rojas',
  'Contreras',
  'Salazar',
  'Luna',
  'Ortega',
  'Santiago',
  'Guerrero',
  'Estrada',
  'Bautista',
  'Cortés',
  'Soto',
  'Alvarado',
  'Espinoza',
  'Lara',
  'Ávila',
  'Ríos',
  'Cervantes',
  'Silva',
  'Delgado',
  'Vega',
  'Márquez',
  'Sandoval',
  'Carrillo',
  'León',
  'Mejía',
  'Solís',
  'Ibarra',
  'Navarro',
  'Rosas',
  'Cabrera',
  'Campos',
  'Nava',
  'Robles',
  'Fuentes',
  'Valdez',
  'Molina',
  'Espinosa',
  'Trejo',
  'Pacheco',
  'Zamora',
  'de la Cruz',
  'de los Santos',
  'del Ángel',
  'Villanueva',
  'Ochoa',
  'Peña',
  'Zúñiga',
  'Acosta',
  'Quintero',
  'Tapia',
  'Xolalpa',
  'Tzompa',
  'Cuautle',
  'Huerta',
  'Escobedo',
  'Olvera',
  'Yáñez',
  'Benítez',
  'Galván',
  'Lozano',
];
const STATES: readonly [string, string][] = [
  ['AS', 'Aguascalientes'],
  ['BC', 'Baja California'],
  ['CH', 'Chihuahua'],
  ['CS', 'Chiapas'],
  ['DF', 'Ciudad de México'],
  ['GR', 'Guerrero'],
  ['GT', 'Guanajuato'],
  ['JC', 'Jalisco'],
  ['MC', 'México'],
  ['MN', 'Michoacán'],
  ['NL', 'Nuevo León'],
  ['OC', 'Oaxaca'],
  ['PL', 'Puebla'],
  ['QR', 'Quintana Roo'],
  ['SL', 'Sinaloa'],
  ['SR', 'Sonora'],
  ['TC', 'Tabasco'],
  ['TS', 'Tamaulipas'],
  ['TL', 'Tlaxcala'],
  ['VZ', 'Veracruz'],
];
const LOCALITIES = [
  'Tijuana',
  'Mexicali',
  'Ciudad Juárez',
  'Tapachula',
  'Iztapalapa',
  'Acapulco',
  'León',
  'Guadalajara',
  'Zapopan',
  'Ecatepec',
  'Nezahualcóyotl',
  'Morelia',
  'Monterrey',
  'Oaxaca de Juárez',
  'Puebla',
  'Cancún',
  'Culiacán',
  'Hermosillo',
  'Villahermosa',
  'Reynosa',
  'Nuevo Laredo',
  'Tlaxcala',
  'Veracruz',
  'Coatzacoalcos',
  'Tenancingo',
];
const STREETS = [
  'Juárez',
  'Hidalgo',
  'Morelos',
  'Reforma',
  'Insurgentes',
  'Madero',
  'Zaragoza',
  'Allende',
  'Independencia',
  '5 de Mayo',
];

const NICK_OF = new Map<string, string[]>();
for (const [nick, names] of Object.entries(NICKNAMES_ES)) {
  for (const n of names) NICK_OF.set(n, [...(NICK_OF.get(n) ?? []), nick]);
}

const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
const VOWELS = 'AEIOU';
const firstInternal = (w: string, vowel: boolean): string => {
  for (let i = 1; i < w.length; i++) {
    const c = w.charAt(i);
    if (c < 'A' || c > 'Z') continue;
    if (VOWELS.includes(c) === vowel) return c;
  }
  return 'X';
};
const mainWord = (s: string) => {
  const words = plain(s)
    .split(/\s+/)
    .filter((w) => !['DE', 'LA', 'LOS', 'DEL', 'LAS', 'Y'].includes(w));
  return (words[0] ?? 'X').replace(/Ñ/g, 'X');
};

/** A CURP with a valid check digit, built from the person's data like RENAPO does (simplified). */
export function makeCurp(
  given: string,
  s1: string,
  s2: string,
  y: number,
  m: number,
  d: number,
  sex: 'H' | 'M',
  state: string,
  serial: number,
): string {
  const p = mainWord(s1);
  const mm = mainWord(s2 || 'X');
  const gWords = plain(given).split(/\s+/);
  const g = (
    gWords.length > 1 && ['MARIA', 'JOSE', 'MA', 'J'].includes(gWords[0]!) ? gWords[1]! : gWords[0]!
  ).replace(/Ñ/g, 'X');
  const two = (n: number) => String(n % 100).padStart(2, '0');
  const vowel = firstInternal(p, true);
  const diff = y < 2000 ? String(serial % 10) : 'ABCDEFGHIJ'.charAt(serial % 10);
  const first17 =
    p.charAt(0) +
    vowel +
    (s2 ? mm.charAt(0) : 'X') +
    g.charAt(0) +
    two(y) +
    two(m) +
    two(d) +
    sex +
    state +
    firstInternal(p, false) +
    (s2 ? firstInternal(mm, false) : 'X') +
    firstInternal(g, false) +
    diff;
  return first17 + String(curpCheckDigit(first17));
}

export interface SyntheticPerson {
  readonly given: string;
  readonly s1: string;
  readonly s2: string;
  readonly sex: 'H' | 'M';
  readonly y: number;
  readonly m: number;
  readonly d: number;
  readonly state: string;
  readonly locality: string;
  readonly curp: string;
  readonly phone: string;
  readonly email: string;
  readonly street: string;
}

export interface SyntheticOptions {
  readonly entities: number;
  /** Mean number of extra records per entity (default 0.5). */
  readonly duplicateRate?: number;
  readonly seed?: number;
  /** Share of records carrying a CURP (default 0.4). */
  readonly curpRate?: number;
}

export interface SyntheticSet {
  readonly records: LinkRecord[];
  /** Entity number of each record (ground truth, for scoring only). */
  readonly entity: Int32Array;
}

/** Zipf-like pick: common surnames are much more common. */
const zipf = (r: () => number, n: number): number => Math.min(n - 1, Math.floor(n * r() ** 1.7));

function makePerson(r: () => number, serial: number): SyntheticPerson {
  const sex: 'H' | 'M' = r() < 0.5 ? 'H' : 'M';
  const pool = sex === 'H' ? MALE : FEMALE;
  const first = pool[zipf(r, pool.length)]!;
  const compound = r() < 0.3;
  let given = first;
  if (compound) {
    const lead = sex === 'H' ? 'José' : 'María';
    const second = pool[zipf(r, pool.length)]!;
    given = second === lead ? lead : `${lead} ${second}`;
  }
  const s1 = SURNAMES[zipf(r, SURNAMES.length)]!;
  const s2 = SURNAMES[zipf(r, SURNAMES.length)]!;
  const y = 1950 + Math.floor(r() * 60);
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  const [state, stateName] = STATES[Math.floor(r() * STATES.length)]!;
  void stateName;
  const phone = `55${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
  const local = `${plain(given.split(' ')[0]!).toLowerCase()}.${plain(s1).toLowerCase().replace(/\s+/g, '')}${Math.floor(r() * 100)}`;
  return {
    given,
    s1,
    s2,
    sex,
    y,
    m,
    d,
    state,
    locality: LOCALITIES[Math.floor(r() * LOCALITIES.length)]!,
    curp: makeCurp(given, s1, s2, y, m, d, sex, state, serial),
    phone,
    email: r() < 0.5 ? `${local}@${r() < 0.6 ? 'gmail.com' : 'hotmail.com'}` : '',
    street: `${STREETS[Math.floor(r() * STREETS.length)]} ${1 + Math.floor(r() * 300)}`,
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function typo(r: () => number, s: string): string {
  if (s.length < 3) return s;
  const i = 1 + Math.floor(r() * (s.length - 2));
  const k = r();
  if (k < 0.3) return s.slice(0, i) + s.slice(i + 1);
  if (k < 0.6) return s.slice(0, i) + s.charAt(i + 1) + s.charAt(i) + s.slice(i + 2);
  const letters = 'aeiounrslt';
  return s.slice(0, i) + letters.charAt(Math.floor(r() * letters.length)) + s.slice(i + 1);
}

function toRecord(
  p: SyntheticPerson,
  id: string,
  r: () => number,
  corrupt: boolean,
  curpRate: number,
): LinkRecord {
  let given = p.given;
  let s1 = p.s1;
  let s2 = p.s2;
  const y = p.y;
  let m = p.m;
  let d = p.d;
  let date: string | undefined;
  let phone = p.phone;
  let curp = r() < curpRate ? p.curp : '';
  let locality = p.locality;
  let email = p.email;
  if (corrupt) {
    const n = 1 + Math.floor(r() * 3);
    for (let c = 0; c < n; c++) {
      const k = Math.floor(r() * 12);
      if (k === 0) {
        const words = given.split(' ');
        const last = words[words.length - 1]!;
        const nicks = NICK_OF.get(plain(last).toLowerCase());
        if (nicks && nicks.length > 0) given = nicks[Math.floor(r() * nicks.length)]!;
        else given = typo(r, given);
      } else if (k === 1 && given.includes(' ')) given = given.split(' ').slice(1).join(' ');
      else if (k === 2) s2 = '';
      else if (k === 3) [s1, s2] = [s2, s1];
      else if (k === 4) given = typo(r, given);
      else if (k === 5) s1 = typo(r, s1);
      else if (k === 6 && d <= 12) [m, d] = [d, m];
      else if (k === 7) date = r() < 0.5 ? String(y) : '';
      else if (k === 8)
        phone = r() < 0.5 ? `+52 1 ${phone.slice(0, 2)} ${phone.slice(2, 6)} ${phone.slice(6)}` : '';
      else if (k === 9) curp = curp ? typo(r, curp) : curp;
      else if (k === 10) locality = '';
      else if (k === 11) email = '';
      else s2 = typo(r, s2);
    }
    if (r() < 0.5) {
      given = plain(given);
      s1 = plain(s1);
      s2 = plain(s2);
    }
  }
  return {
    id,
    fields: {
      given_names: given,
      surname_1: s1,
      surname_2: s2,
      birth_date: date ?? `${y}-${pad2(m)}-${pad2(d)}`,
      sex: p.sex === 'H' ? 'Hombre' : 'Mujer',
      curp,
      phone,
      email,
      locality,
      region: p.state,
    },
  };
}

/** Generates persons and corrupted duplicates; ids are "p<entity>-<k>" (k = 0 for the original). */
export function syntheticMexican(opts: SyntheticOptions): SyntheticSet {
  const r = rng(opts.seed ?? 42);
  const rate = opts.duplicateRate ?? 0.5;
  const curpRate = opts.curpRate ?? 0.4;
  const records: LinkRecord[] = [];
  const entity: number[] = [];
  for (let e = 0; e < opts.entities; e++) {
    const p = makePerson(r, e);
    records.push(toRecord(p, `p${e}-0`, r, false, curpRate));
    entity.push(e);
    let extra = 0;
    while (r() < rate / (1 + rate) && extra < 4) extra++;
    for (let k = 1; k <= extra; k++) {
      records.push(toRecord(p, `p${e}-${k}`, r, true, curpRate));
      entity.push(e);
    }
  }
  return { records, entity: Int32Array.from(entity) };
}
