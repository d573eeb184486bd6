import { NICKNAMES_EN_CSV } from './nicknames-en.ts';
import { normalizeText } from './text.ts';

/**
 * Common Mexican nicknames (hipocorísticos) and the given names they stand for, as data.
 * Keys and values are written naturally; they are normalised when the table is loaded.
 */
export const NICKNAMES_ES: Readonly<Record<string, readonly string[]>> = {
  lupe: ['guadalupe'],
  lupita: ['guadalupe'],
  pepe: ['jose'],
  pepito: ['jose'],
  chepe: ['jose'],
  paco: ['francisco'],
  pancho: ['francisco'],
  kiko: ['francisco', 'enrique'],
  curro: ['francisco'],
  chuy: ['jesus'],
  chucho: ['jesus'],
  nacho: ['ignacio'],
  conchita: ['concepcion'],
  concha: ['concepcion'],
  conchis: ['concepcion'],
  cuca: ['refugio', 'socorro'],
  cuquita: ['refugio', 'socorro'],
  coco: ['socorro'],
  memo: ['guillermo'],
  guille: ['guillermo'],
  lalo: ['eduardo'],
  toño: ['antonio'],
  tono: ['antonio'],
  tony: ['antonio'],
  poncho: ['alfonso'],
  beto: ['alberto', 'roberto', 'humberto', 'norberto'],
  chema: ['jose maria'],
  quique: ['enrique'],
  kike: ['enrique'],
  rafa: ['rafael'],
  fer: ['fernando', 'fernanda'],
  maru: ['maria eugenia'],
  lety: ['leticia'],
  leti: ['leticia'],
  lulu: ['lourdes', 'luisa'],
  pili: ['pilar'],
  chabela: ['isabel'],
  chava: ['salvador'],
  chavo: ['salvador'],
  chayo: ['rosario'],
  charo: ['rosario'],
  licha: ['alicia'],
  meche: ['mercedes'],
  tere: ['teresa'],
  paty: ['patricia'],
  pati: ['patricia'],
  vero: ['veronica'],
  gaby: ['gabriela'],
  gabi: ['gabriela'],
  ale: ['alejandra', 'alejandro'],
  alex: ['alejandro', 'alejandra'],
  dany: ['daniel', 'daniela'],
  juancho: ['juan'],
  nico: ['nicolas'],
  santi: ['santiago'],
  lencho: ['lorenzo'],
  goyo: ['gregorio'],
  checo: ['sergio'],
  chencho: ['crescencio', 'inocencio'],
  chalo: ['gonzalo'],
  gera: ['gerardo'],
  rodo: ['rodolfo'],
  fito: ['rodolfo', 'adolfo'],
  tavo: ['gustavo', 'octavio'],
  pau: ['paulina', 'paula'],
  sofi: ['sofia'],
  chela: ['graciela'],
  yola: ['yolanda'],
  mari: ['maria'],
  lola: ['dolores'],
  loli: ['dolores'],
  nati: ['natalia'],
  cris: ['cristina', 'cristian'],
  moni: ['monica'],
  male: ['maria elena'],
  chente: ['vicente'],
  manolo: ['manuel'],
  manu: ['manuel'],
  lucha: ['luz'],
  chio: ['rocio'],
  tita: ['margarita'],
  mago: ['margarita'],
  betty: ['beatriz', 'elizabeth'],
  bety: ['beatriz'],
  chelo: ['consuelo', 'marcelo'],
  pepa: ['josefina'],
  fina: ['josefina'],
  nando: ['fernando'],
  toni: ['antonio'],
  tomy: ['tomas'],
  mundo: ['edmundo', 'raymundo'],
  rey: ['reynaldo'],
  neto: ['ernesto'],
  tino: ['faustino', 'celestino', 'agustin'],
  chato: ['renato'],
  juanjo: ['juan jose'],
  marisol: ['maria soledad'],
  mayte: ['maria teresa'],
  maite: ['maria teresa'],
  marilu: ['maria luisa'],
  rosy: ['rosa'],
  nela: ['manuela'],
  tencha: ['hortensia'],
  yeyo: ['aurelio'],
  pina: ['josefina'],
  goya: ['gregoria'],
  lencha: ['florencia'],
  cande: ['candelaria'],
  mati: ['matilde'],
  nacha: ['ignacia'],
  pancha: ['francisca'],
  paca: ['francisca'],
  chuyita: ['jesus'],
  soco: ['socorro'],
  chofi: ['sofia'],
  ceci: ['cecilia'],
  chechi: ['cecilia'],
  tefi: ['estefania'],
  tefa: ['estefania'],
  fany: ['estefania'],
  wicho: ['luis'],
  guicho: ['luis'],
  yese: ['yesenia'],
  yesi: ['yesenia'],
  maruca: ['maria'],
  maruja: ['maria'],
  meme: ['guillermo', 'manuel'],
  chabe: ['isabel'],
  chave: ['isabel'],
  chabelita: ['isabel'],
  mague: ['magdalena'],
  malena: ['magdalena', 'maria elena'],
  mela: ['carmela', 'carmen'],
  melita: ['carmela', 'carmen'],
  eli: ['elizabeth', 'elisa', 'elias', 'eliseo'],
  isa: ['isabel'],
  tina: ['cristina', 'agustina', 'martina'],
  crys: ['cristina'],
  vale: ['valeria', 'valentina'],
  caro: ['carolina'],
  lili: ['liliana'],
  susy: ['susana'],
  susi: ['susana'],
  rebe: ['rebeca'],
  bere: ['berenice'],
  lucy: ['lucia'],
  abi: ['abigail'],
  abby: ['abigail'],
  mau: ['mauricio'],
  gus: ['gustavo'],
  rulo: ['raul'],
  coque: ['jorge'],
  kari: ['karina'],
  jessy: ['jessica'],
  meli: ['melisa', 'amelia'],
  lore: ['lorena'],
  ara: ['araceli'],
  chon: ['encarnacion', 'asuncion'],
  cheo: ['eliseo', 'jose'],
  seba: ['sebastian'],
  emi: ['emilio', 'emiliano'],
  xime: ['ximena'],
  toña: ['antonia'],
  mony: ['monica'],
  dulce: ['dulce maria'],
  mike: ['miguel'],
  jerry: ['gerardo'],
  rocha: ['rosario'],
  chayito: ['rosario'],
  chuyito: ['jesus'],
  montse: ['montserrat'],
  chris: ['cristian', 'christian', 'cristina'],
  // abbreviations registries write (the dot is dropped when the name is normalised)
  jn: ['juan'],
  fco: ['francisco'],
  gpe: ['guadalupe'],
  gmo: ['guillermo'],
  fdo: ['fernando'],
  ant: ['antonio'],
  alfo: ['alfonso'],
  lalito: ['eduardo'],
  tavito: ['gustavo', 'octavio'],
  beti: ['beatriz', 'elizabeth'],
  lupillo: ['guadalupe'],
  pita: ['guadalupe'],
  maca: ['macaria', 'maria del carmen'],
  // common Mexican short forms (hipocorísticos) and contractions of two names, from general usage
  tuto: ['arturo'],
  arturito: ['arturo'],
  cuco: ['refugio'],
  cukita: ['refugio'],
  lolita: ['dolores'],
  lolis: ['dolores'],
  chano: ['feliciano', 'mariano', 'luciano'],
  polo: ['leopoldo', 'hipolito'],
  rigo: ['rigoberto'],
  chepina: ['josefina'],
  moncho: ['ramon'],
  vicky: ['victoria'],
  liz: ['elizabeth', 'lizbeth'],
  lizzy: ['elizabeth'],
  fanny: ['estefania'],
  tefy: ['estefania'],
  mine: ['guillermina'],
  mina: ['guillermina'],
  malu: ['maria luisa'],
  mafer: ['maria fernanda'],
  majo: ['maria jose'],
  dani: ['daniel', 'daniela'],
  memin: ['guillermo'],
  licho: ['luis'],
  pacho: ['francisco'],
  cheque: ['ezequiel'],
  toñita: ['antonia'],
  tona: ['antonia'],
  rosita: ['rosa'],
  juanita: ['juana'],
  ricky: ['ricardo'],
  richi: ['ricardo'],
  pato: ['patricio', 'patricia'],
  ely: ['elizabeth', 'elena'],
  marichuy: ['maria de jesus'],
  tati: ['tatiana'],
  jime: ['jimena'],
  regi: ['regina'],
  fabi: ['fabiola'],
  normi: ['norma'],
  sandy: ['sandra'],
  clau: ['claudia'],
  adri: ['adriana', 'adrian'],
  gena: ['eugenia'],
  quena: ['eugenia'],
  tin: ['agustin'],
  cheto: ['ernesto'],
  chucha: ['jesus'],
  beny: ['benjamin'],
  benja: ['benjamin'],
  chepa: ['josefa'],
  cholo: ['soledad'],
  chole: ['soledad'],
};

/** One line of the English list: a name and its nicknames (normalised). */
const EN_LINES: readonly (readonly string[])[] = NICKNAMES_EN_CSV.split('\n')
  .map((line) => line.split(',').map(normalizeText).filter(Boolean))
  .filter((names) => names.length > 1);

/**
 * English nicknames and diminutives (US partner hotlines, migrants' records kept in English, historical registers):
 * each nickname and the names it is listed under, from a public list (nicknames-en.ts: carltonnorthern/nicknames,
 * Apache-2.0).
 */
export const NICKNAMES_EN: Readonly<Record<string, readonly string[]>> = (() => {
  const out: Record<string, string[]> = {};
  for (const [name, ...nicks] of EN_LINES)
    for (const nick of nicks) if (nick !== name) out[nick] = [...new Set([...(out[nick] ?? []), name!])];
  return out;
})();

/** Both lists (a nickname in both stands for the names of either). */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = (() => {
  const out: Record<string, string[]> = {};
  for (const table of [NICKNAMES_ES, NICKNAMES_EN])
    for (const [k, v] of Object.entries(table)) out[k] = [...new Set([...(out[k] ?? []), ...v])];
  return out;
})();

/**
 * Canonical forms come from the Spanish table only: its nicknames stand for few names ("Lupe" is Guadalupe). The
 * English list pairs names that are names in their own right ("John" is on the lines of "Ian" and "Jonathan", "Peter"
 * on "Patrick"'s), so rewriting by it would make different names equal; it counts as equivalence only (EN_RELATED).
 */
const TABLE: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(NICKNAMES_ES).map(([k, v]) => [normalizeText(k), v.map(normalizeText)]),
);

/** Each English name and the names on its line or on whose lines it is (both ways). */
const EN_RELATED: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const out = new Map<string, Set<string>>();
  const link = (x: string, y: string) => {
    if (x === y) return;
    const s = out.get(x);
    if (s) s.add(y);
    else out.set(x, new Set([y]));
  };
  for (const [name, ...nicks] of EN_LINES)
    for (const nick of nicks) {
      link(name!, nick);
      link(nick, name!);
    }
  return out;
})();

/** The given names a (normalised) name may stand for, itself first when it is not a nickname. */
export function nicknameCanonicals(name: string): readonly string[] {
  const n = normalizeText(name);
  return TABLE.get(n) ?? [n];
}

/** The first canonical form of a given-name token ("lupe" -> "guadalupe", "juan" -> "juan"). */
export const canonicalGivenName = (name: string): string => nicknameCanonicals(name)[0] ?? '';

/**
 * True when two given-name tokens can be the same name: equal, one a Spanish nickname of the other (or both of one
 * name), or one listed with the other in the English list ("Tom" / "Thomas", "Ned" / "Edward", "Ian" / "John").
 */
export function givenNamesEquivalent(a: string, b: string): boolean {
  const ca = nicknameCanonicals(a);
  const cb = nicknameCanonicals(b);
  if (ca.some((x) => cb.includes(x))) return true;
  const na = normalizeText(a);
  const nb = normalizeText(b);
  return EN_RELATED.get(na)?.has(nb) === true || ca.some((x) => cb.some((y) => EN_RELATED.get(x)?.has(y)));
}
