import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normaliseAccount,
  normaliseAddress,
  normaliseCompany,
  normaliseEmail,
  normaliseHandle,
  normalisePhone,
  normaliseVehicle,
} from './normalise.ts';

/** A Mexican ten-digit number (area codes of real cities; the rest random) and ways people write it. */
const area = fc.constantFrom('55', '33', '81', '222', '961', '664', '998', '686');
const mxNumber = area.chain((a) =>
  fc.stringMatching(new RegExp(`^[1-9][0-9]{${9 - a.length}}$`)).map((rest) => `${a}${rest}`),
);
const group = (d: string, sep: string) =>
  d.length === 10
    ? [d.slice(0, 2), d.slice(2, 6), d.slice(6)].join(sep)
    : [d.slice(0, 3), d.slice(3, 6), d.slice(6)].join(sep);
const writings = (d: string) => [
  d,
  group(d, ' '),
  group(d, '-'),
  group(d, '.'),
  `(${d.slice(0, 2)}) ${d.slice(2, 6)}-${d.slice(6)}`,
  `+52 ${group(d, ' ')}`,
  `+52${d}`,
  `0052 ${d}`,
  `+52 1 ${group(d, ' ')}`,
  `044 ${group(d, ' ')}`,
  `  ${group(d, ' ')}  `,
];

describe('phone normalisation (property)', () => {
  it('the same number written any of the usual ways is one E.164 value', () => {
    let valid = 0;
    fc.assert(
      fc.property(mxNumber, fc.nat(), (d, pick) => {
        const forms = writings(d).map((w) => normalisePhone(w));
        const first = forms[0];
        if (first === null) return; // not a possible Mexican number: no node at all, whatever the writing
        valid++;
        expect(first).toBe(`+52${d}`);
        for (const f of forms) expect(f).toBe(first);
        expect(normalisePhone(writings(d)[pick % writings(d).length]!)).toBe(first);
      }),
      { numRuns: 300 },
    );
    expect(valid).toBeGreaterThan(250); // not vacuous
  });
  it('two different numbers never become the same node', () => {
    fc.assert(
      fc.property(mxNumber, mxNumber, (a, b) => {
        fc.pre(a !== b);
        const na = normalisePhone(a);
        const nb = normalisePhone(b);
        if (na && nb) expect(na).not.toBe(nb);
      }),
      { numRuns: 300 },
    );
  });
  it('a US number keeps its country code; text without a number is no phone', () => {
    expect(normalisePhone('+1 (619) 555-0134')).toBe('+16195550134');
    expect(normalisePhone('sin teléfono')).toBeNull();
    expect(normalisePhone('123')).toBeNull();
  });
});

describe('other identifiers (property)', () => {
  it('an account or CLABE is its digits, whatever the spacing and dashes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{18}$/), fc.constantFrom(' ', '-', '', '  '), (clabe, sep) => {
        const spaced = clabe.match(/.{1,4}/g)!.join(sep);
        expect(normaliseAccount(spaced)).toBe(clabe);
      }),
    );
  });
  it('an e-mail is one node whatever the case and surrounding spaces', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (e) => {
        expect(normaliseEmail(` ${e.toUpperCase()} `)).toBe(normaliseEmail(e));
      }),
    );
  });
  it('addresses, plates, companies and handles written two ways', () => {
    expect(normaliseAddress('Calle Jacarandas 45, Col. Santa Cruz, Puebla')).toBe(
      normaliseAddress('C. Jacarandas No. 45 Colonia Santa Cruz, Puebla'),
    );
    expect(normaliseVehicle('PUE-45-21')).toBe(normaliseVehicle('pue 4521'));
    expect(normaliseCompany('Transportes Serranos S.A. de C.V.')).toBe(
      normaliseCompany('Transportes Serranos, S.A. de C.V.'),
    );
    expect(normaliseHandle('@Julio_Empleos_MX')).toBe(normaliseHandle('julio_empleos_mx'));
  });
});
