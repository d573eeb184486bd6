import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContextIdentification, type ContextService, recordContexts } from './context.ts';

fc.configureGlobal({ seed: 20261205 });

const day = fc
  .integer({ min: 0, max: 900 })
  .map((n) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10));
const person = fc.constantFrom('p1', 'p2', 'p3', 'p4', 'stranger');
const agencyOf = new Map([
  ['p1', 'fge-mex'],
  ['p2', 'dif-mex'],
  ['p3', 'refugio'],
  ['p4', 'fgr'],
]);

describe('where and when a person record was written (the linker’s context)', () => {
  it('is the earliest identification, else the earliest service; never a record the linker does not hold', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            person_id: person,
            date: day,
            state_code: fc.option(fc.constantFrom('09', '15'), { nil: null }),
            primary_form: fc.constantFrom('sexual', 'labor'),
          }),
          { maxLength: 12 },
        ),
        fc.array(
          fc.record({
            person_id: person,
            start_date: fc.option(day, { nil: null }),
            provider_state: fc.option(fc.constantFrom('09', '30'), { nil: null }),
          }),
          { maxLength: 12 },
        ),
        (ids: ContextIdentification[], services: ContextService[]) => {
          const of = recordContexts(agencyOf, ids, services);
          expect(of('stranger')).toBeUndefined();
          for (const [p, agency] of agencyOf) {
            const mine = ids.filter((x) => x.person_id === p);
            const served = services.filter((s) => s.person_id === p && s.start_date);
            const got = of(p);
            if (mine.length) {
              const first = mine.reduce((a, b) => (b.date < a.date ? b : a));
              expect(got).toEqual({
                source: agency,
                date: first.date,
                region: first.state_code ?? undefined,
                kind: first.primary_form,
              });
            } else if (served.length) {
              const first = served.reduce((a, b) => (b.start_date! < a.start_date! ? b : a));
              expect(got).toEqual({
                source: agency,
                date: first.start_date,
                region: first.provider_state ?? undefined,
              });
            } else expect(got).toBeUndefined();
          }
        },
      ),
    );
  });
});
