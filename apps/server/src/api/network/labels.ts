import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { IdentifierKind } from './normalise.ts';

/** How a normalised identifier is shown: a phone in international format, the rest as normalised. */
export function formatIdentifier(kind: IdentifierKind, norm: string): string {
  if (kind === 'phone') return parsePhoneNumberFromString(norm)?.formatInternational() ?? norm;
  if (kind === 'address' || kind === 'company')
    return norm.toLowerCase().replace(/(^|\s)\p{L}/gu, (m) => m.toUpperCase());
  return norm;
}
