/**
 * The 32 federal entities of Mexico: INEGI state codes (Marco Geoestadístico, see packages/core/data/SOURCES.md),
 * ISO 3166-2:MX codes and RENAPO's CURP state keys. A module of its own, without the country and language lists
 * of codes.ts: the web app loads the CURP check (curp.ts, which needs this table) on the case page, and
 * importing codes.ts there put all of ISO 639-3 (~7,900 languages, ~0.5 MB of JavaScript) into a phone's download.
 */
export interface InegiState {
  /** INEGI CVE_ENT, `01`-`32`. */
  code: string;
  name: string;
  /** ISO 3166-2:MX subdivision code. */
  iso: string;
  /** Two-letter state key used inside a CURP (RENAPO). */
  curp: string;
}

/** The 32 federal entities (source: INEGI; CURP keys: RENAPO). */
export const INEGI_STATES: readonly InegiState[] = [
  ['01', 'Aguascalientes', 'MX-AGU', 'AS'],
  ['02', 'Baja California', 'MX-BCN', 'BC'],
  ['03', 'Baja California Sur', 'MX-BCS', 'BS'],
  ['04', 'Campeche', 'MX-CAM', 'CC'],
  ['05', 'Coahuila', 'MX-COA', 'CL'],
  ['06', 'Colima', 'MX-COL', 'CM'],
  ['07', 'Chiapas', 'MX-CHP', 'CS'],
  ['08', 'Chihuahua', 'MX-CHH', 'CH'],
  ['09', 'Ciudad de México', 'MX-CMX', 'DF'],
  ['10', 'Durango', 'MX-DUR', 'DG'],
  ['11', 'Guanajuato', 'MX-GUA', 'GT'],
  ['12', 'Guerrero', 'MX-GRO', 'GR'],
  ['13', 'Hidalgo', 'MX-HID', 'HG'],
  ['14', 'Jalisco', 'MX-JAL', 'JC'],
  ['15', 'Estado de México', 'MX-MEX', 'MC'],
  ['16', 'Michoacán', 'MX-MIC', 'MN'],
  ['17', 'Morelos', 'MX-MOR', 'MS'],
  ['18', 'Nayarit', 'MX-NAY', 'NT'],
  ['19', 'Nuevo León', 'MX-NLE', 'NL'],
  ['20', 'Oaxaca', 'MX-OAX', 'OC'],
  ['21', 'Puebla', 'MX-PUE', 'PL'],
  ['22', 'Querétaro', 'MX-QUE', 'QT'],
  ['23', 'Quintana Roo', 'MX-ROO', 'QR'],
  ['24', 'San Luis Potosí', 'MX-SLP', 'SP'],
  ['25', 'Sinaloa', 'MX-SIN', 'SL'],
  ['26', 'Sonora', 'MX-SON', 'SR'],
  ['27', 'Tabasco', 'MX-TAB', 'TC'],
  ['28', 'Tamaulipas', 'MX-TAM', 'TS'],
  ['29', 'Tlaxcala', 'MX-TLA', 'TL'],
  ['30', 'Veracruz', 'MX-VER', 'VZ'],
  ['31', 'Yucatán', 'MX-YUC', 'YN'],
  ['32', 'Zacatecas', 'MX-ZAC', 'ZS'],
].map(([code, name, iso, curp]) => ({ code: code!, name: name!, iso: iso!, curp: curp! }));

const STATE_BY_CODE = new Map(INEGI_STATES.map((s) => [s.code, s]));

/** True for an INEGI state code `01`-`32` (two digits, zero-padded). */
export function isInegiState(code: string): boolean {
  return STATE_BY_CODE.has(code);
}

export function inegiState(code: string): InegiState | undefined {
  return STATE_BY_CODE.get(code);
}
