/** Errors of an exchange-format run: every one names file, line, column and the reason in es and en. */

export type ExchangeErrorCode =
  | 'missing_file'
  | 'unknown_file'
  | 'invalid_utf8'
  | 'csv_syntax'
  | 'record_too_long'
  | 'empty_file'
  | 'unknown_column'
  | 'missing_column'
  | 'duplicate_column'
  | 'field_count'
  | 'required'
  | 'too_long'
  | 'invalid_character'
  | 'invalid_id'
  | 'invalid_enum'
  | 'invalid_list'
  | 'invalid_boolean'
  | 'invalid_date'
  | 'invalid_partial_date'
  | 'invalid_integer'
  | 'invalid_decimal'
  | 'below_minimum'
  | 'invalid_state'
  | 'invalid_country'
  | 'invalid_language'
  | 'invalid_curp'
  | 'state_code_required'
  | 'state_code_not_allowed'
  | 'duplicate_id'
  | 'unknown_reference'
  | 'forbidden_agency'
  | 'id_outside_agency';

export interface ExchangeError {
  file: string;
  /** 1-based physical line where the record starts (1 = header); 0 when the error is about the whole file. */
  line: number;
  /** Column name; null when the error is about a whole line or file. */
  column: string | null;
  code: ExchangeErrorCode;
  message: { es: string; en: string };
}

type Params = { value?: string; detail?: string; other?: string | number };

/** A value quoted in a message: at most 80 characters of it, so that no message grows with the input. */
const q = (s: string | undefined) => {
  const v = s ?? '';
  return JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
};

const MESSAGES: Record<ExchangeErrorCode, (p: Params) => { es: string; en: string }> = {
  missing_file: () => ({ es: 'falta el archivo obligatorio', en: 'required file is missing' }),
  unknown_file: () => ({
    es: 'archivo desconocido en el formato de intercambio',
    en: 'unknown file in the exchange format',
  }),
  invalid_utf8: () => ({
    es: 'bytes que no son UTF-8 válido (o carácter de reemplazo U+FFFD)',
    en: 'bytes that are not valid UTF-8 (or U+FFFD replacement character)',
  }),
  csv_syntax: (p) => ({ es: `CSV mal formado: ${p.detail}`, en: `malformed CSV: ${p.detail}` }),
  record_too_long: (p) => ({
    es: `registro o línea de más de ${p.other} caracteres; el resto del archivo no se leyó`,
    en: `record or line longer than ${p.other} characters; the rest of the file was not read`,
  }),
  empty_file: () => ({ es: 'el archivo no tiene fila de encabezado', en: 'the file has no header row' }),
  unknown_column: (p) => ({ es: `columna desconocida ${q(p.value)}`, en: `unknown column ${q(p.value)}` }),
  missing_column: (p) => ({
    es: `falta la columna obligatoria ${q(p.value)}`,
    en: `required column ${q(p.value)} is missing`,
  }),
  duplicate_column: (p) => ({
    es: `columna repetida ${q(p.value)}`,
    en: `column ${q(p.value)} appears twice`,
  }),
  field_count: (p) => ({
    es: `la fila tiene ${p.value} campos y el encabezado ${p.other}`,
    en: `the row has ${p.value} fields, the header ${p.other}`,
  }),
  required: () => ({ es: 'valor obligatorio vacío', en: 'required value is empty' }),
  too_long: (p) => ({
    es: `valor de más de ${p.other} caracteres`,
    en: `value longer than ${p.other} characters`,
  }),
  invalid_character: () => ({
    es: 'el valor contiene un carácter nulo (U+0000)',
    en: 'the value contains a NUL character (U+0000)',
  }),
  invalid_id: (p) => ({
    es: `identificador inválido ${q(p.value)} (1 a 64 caracteres)`,
    en: `invalid id ${q(p.value)} (1 to 64 characters)`,
  }),
  invalid_enum: (p) => ({
    es: `valor no permitido ${q(p.value)}; se espera uno de: ${p.detail}`,
    en: `value ${q(p.value)} not allowed; expected one of: ${p.detail}`,
  }),
  invalid_list: (p) => ({
    es: `elemento de lista no permitido ${q(p.value)}${p.detail ? `; se espera: ${p.detail}` : ''}`,
    en: `list item ${q(p.value)} not allowed${p.detail ? `; expected: ${p.detail}` : ''}`,
  }),
  invalid_boolean: (p) => ({
    es: `valor lógico inválido ${q(p.value)}; se espera true o false`,
    en: `invalid boolean ${q(p.value)}; expected true or false`,
  }),
  invalid_date: (p) => ({
    es: `fecha inválida ${q(p.value)}; se espera AAAA-MM-DD`,
    en: `invalid date ${q(p.value)}; expected YYYY-MM-DD`,
  }),
  invalid_partial_date: (p) => ({
    es: `fecha inválida ${q(p.value)}; se espera AAAA, AAAA-MM o AAAA-MM-DD`,
    en: `invalid date ${q(p.value)}; expected YYYY, YYYY-MM or YYYY-MM-DD`,
  }),
  invalid_integer: (p) => ({ es: `entero inválido ${q(p.value)}`, en: `invalid integer ${q(p.value)}` }),
  invalid_decimal: (p) => ({
    es: `número inválido ${q(p.value)} (punto como separador decimal)`,
    en: `invalid number ${q(p.value)} ('.' as decimal separator)`,
  }),
  below_minimum: (p) => ({
    es: `el valor ${q(p.value)} es menor que el mínimo ${p.other}`,
    en: `value ${q(p.value)} is below the minimum ${p.other}`,
  }),
  invalid_state: (p) => ({
    es: `clave de entidad INEGI inválida ${q(p.value)}; se espera 01 a 32`,
    en: `invalid INEGI state code ${q(p.value)}; expected 01 to 32`,
  }),
  invalid_country: (p) => ({
    es: `código de país ISO 3166-1 alfa-3 inválido ${q(p.value)}`,
    en: `invalid ISO 3166-1 alpha-3 country code ${q(p.value)}`,
  }),
  invalid_language: (p) => ({
    es: `código de idioma ISO 639-3 inválido ${q(p.value)}`,
    en: `invalid ISO 639-3 language code ${q(p.value)}`,
  }),
  invalid_curp: (p) => {
    const why: Record<string, [string, string]> = {
      length: ['no tiene 18 caracteres', 'is not 18 characters long'],
      form: ['no tiene la forma de una CURP', 'does not have the form of a CURP'],
      date: ['la fecha de nacimiento no existe', 'the birth date does not exist'],
      state: ['clave de entidad de nacimiento inválida', 'invalid state-of-birth key'],
      check_digit: ['dígito verificador incorrecto', 'wrong check digit'],
    };
    const [es, en] = why[p.detail ?? 'form'] ?? ['inválida', 'invalid'];
    return { es: `CURP inválida: ${es}`, en: `invalid CURP: ${en}` };
  },
  state_code_required: () => ({
    es: 'state_code es obligatorio para dependencias de nivel state o municipal',
    en: 'state_code is required for agencies of level state or municipal',
  }),
  state_code_not_allowed: () => ({
    es: 'state_code debe ir vacío salvo en dependencias de nivel state o municipal',
    en: 'state_code must be empty except for agencies of level state or municipal',
  }),
  duplicate_id: (p) => ({
    es: `identificador repetido ${q(p.value)} (ya aparece en la línea ${p.other})`,
    en: `duplicate id ${q(p.value)} (already on line ${p.other})`,
  }),
  unknown_reference: (p) => ({
    es: `${q(p.value)} no existe ni en ${p.detail} ni en la base de datos`,
    en: `${q(p.value)} exists neither in ${p.detail} nor in the database`,
  }),
  forbidden_agency: (p) => ({
    es: `no puede enviar registros de la dependencia ${q(p.value)}`,
    en: `you may not submit records of agency ${q(p.value)}`,
  }),
  id_outside_agency: (p) => ({
    es: `el identificador ${q(p.value)} no es de su dependencia: los registros nuevos llevan el prefijo ${q(p.detail)}`,
    en: `the id ${q(p.value)} is not your agency's: new records' ids start with ${q(p.detail)}`,
  }),
};

export function exchangeError(
  file: string,
  line: number,
  column: string | null,
  code: ExchangeErrorCode,
  params: Params = {},
): ExchangeError {
  return { file, line, column, code, message: MESSAGES[code](params) };
}

/** One line per error, for terminals and logs (never contains cell values of personal columns). */
export function formatExchangeError(e: ExchangeError, lang: 'es' | 'en' = 'en'): string {
  const where = `${e.file}${e.line ? `:${e.line}` : ''}${e.column ? ` [${e.column}]` : ''}`;
  return `${where}: ${e.message[lang]} (${e.code})`;
}
