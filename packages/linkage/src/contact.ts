import { digitsOnly } from './text.ts';

/** Mexican phone numbers: digits only, country code (52, 521) and long-distance prefixes removed, last 10 digits. */
export function normalizePhone(raw: string | undefined | null): string {
  let d = digitsOnly(raw);
  if (d.startsWith('00')) d = d.slice(2);
  if (d.length === 13 && d.startsWith('521')) d = d.slice(3);
  else if (d.length === 12 && d.startsWith('52')) d = d.slice(2);
  else if (d.length === 11 && d.startsWith('1')) d = d.slice(1);
  return d.length > 10 ? d.slice(-10) : d;
}

/** Lower case, trimmed; Gmail-style dots and +tags in the local part removed. */
export function normalizeEmail(raw: string | undefined | null): string {
  const e = (raw ?? '').trim().toLowerCase();
  const at = e.lastIndexOf('@');
  if (at <= 0) return e;
  let local = e.slice(0, at);
  let domain = e.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  return `${local}@${domain}`;
}
