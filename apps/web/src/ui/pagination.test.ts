import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageInfo } from './pagination.ts';

describe('pageInfo', () => {
  it('describes the first, middle and last pages', () => {
    expect(pageInfo(0, 50, 120)).toEqual({
      from: 1,
      to: 50,
      total: 120,
      page: 1,
      pages: 3,
      prevOffset: null,
      nextOffset: 50,
    });
    expect(pageInfo(50, 50, 120)).toMatchObject({
      from: 51,
      to: 100,
      page: 2,
      prevOffset: 0,
      nextOffset: 100,
    });
    expect(pageInfo(100, 50, 120)).toMatchObject({
      from: 101,
      to: 120,
      page: 3,
      prevOffset: 50,
      nextOffset: null,
    });
  });

  it('handles an empty list', () => {
    expect(pageInfo(0, 50, 0)).toMatchObject({
      from: 0,
      to: 0,
      page: 1,
      pages: 1,
      prevOffset: null,
      nextOffset: null,
    });
  });

  it('keeps its invariants for any offset, limit and total', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.integer({ min: 1, max: 500 }),
        fc.nat(10_000),
        (offset, limit, total) => {
          const p = pageInfo(offset, limit, total);
          expect(p.page).toBeGreaterThanOrEqual(1);
          expect(p.page).toBeLessThanOrEqual(p.pages);
          expect(p.to).toBeLessThanOrEqual(total);
          expect(p.from).toBeLessThanOrEqual(p.to);
          if (total > 0) {
            expect(p.from).toBeGreaterThanOrEqual(1);
            expect(p.to - p.from + 1).toBeLessThanOrEqual(limit);
          }
          if (p.nextOffset !== null) {
            expect(p.nextOffset).toBeLessThan(total);
            expect(pageInfo(p.nextOffset, limit, total).page).toBe(p.page + 1);
          }
          if (p.prevOffset !== null) expect(p.prevOffset).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('walks every row exactly once following nextOffset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.nat(400), (limit, total) => {
        let offset: number | null = 0;
        let seen = 0;
        let pages = 0;
        while (offset !== null) {
          const p = pageInfo(offset, limit, total);
          seen += p.to - p.from + (p.to === 0 ? 0 : 1);
          pages++;
          offset = p.nextOffset;
        }
        expect(seen).toBe(total);
        expect(pages).toBe(Math.max(1, Math.ceil(total / limit)));
      }),
    );
  });
});
