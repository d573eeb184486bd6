import { normalizeText } from './text.ts';

/**
 * A Spanish phonetic key (Mexican pronunciation): h is silent, b/v, s/z/c(e,i), y/ll, j/g(e,i)/x,
 * k/c(a,o,u)/qu, and doubled letters are merged. "Hernández" and "Ernandes" share a key,
 * as do "Ximena"/"Jimena", "Yolanda"/"Llolanda", "Velázquez"/"Belasques".
 */
export function spanishPhonetic(raw: string): string {
  let key = keys.get(raw);
  if (key === undefined) {
    key = phoneticKey(raw);
    // names repeat: the comparisons ask for the same few thousand tokens millions of times
    if (keys.size < 1 << 20) keys.set(raw, key);
  }
  return key;
}

const keys = new Map<string, string>();

function phoneticKey(raw: string): string {
  let s = normalizeText(raw).replace(/[^a-z]/g, '');
  if (!s) return '';
  s = s
    .replace(/ch/g, 'C')
    .replace(/ph/g, 'f')
    .replace(/sh/g, 'C')
    .replace(/ll/g, 'y')
    .replace(/qu/g, 'k')
    // "gua", "guo" sound as "wa", "wo" in Mexico ("Wadalupe" / "Guadalupe"; w is u below)
    .replace(/gu(?=[ao])/g, 'u')
    .replace(/gu([ei])/g, 'G$1')
    .replace(/g([ei])/g, 'j$1')
    .replace(/G/g, 'g')
    .replace(/gü/g, 'gu')
    .replace(/sc([ei])/g, 's$1')
    .replace(/c([ei])/g, 's$1')
    .replace(/c/g, 'k')
    .replace(/q/g, 'k')
    .replace(/z/g, 's')
    .replace(/x/g, 'j')
    .replace(/h/g, '')
    .replace(/v/g, 'b')
    .replace(/w/g, 'u')
    .replace(/y(?=[^aeiou]|$)/g, 'i')
    .replace(/n(?=[bp])/g, 'm')
    .replace(/(.)\1+/g, '$1');
  return s.replace(/C/g, 'ch');
}
