import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fits, isConnectionError, parseMultiHostUrl } from './hosts.ts';

describe('multi-host connection strings', () => {
  it('splits the hosts in order, keeps the other parameters, reads target_session_attrs', () => {
    const p = parseMultiHostUrl(
      'postgres://enlace:s%40cret@db1.example:5432,db2.example:6543,db3.example/enlace?target_session_attrs=read-write&sslmode=verify-full',
    );
    expect(p.attrs).toBe('read-write');
    expect(p.hosts.map((h) => `${h.host}:${h.port}`)).toEqual([
      'db1.example:5432',
      'db2.example:6543',
      'db3.example:5432',
    ]);
    expect(p.hosts[1]!.url).toBe('postgres://enlace:s%40cret@db2.example:6543/enlace?sslmode=verify-full');
    expect(parseMultiHostUrl('postgresql://localhost/x').attrs).toBe('any');
    expect(() => parseMultiHostUrl('postgres://h/x?target_session_attrs=sometimes')).toThrow();
    expect(() => parseMultiHostUrl('mysql://h/x')).toThrow();
  });

  it('any list of hosts and ports comes back in order (property)', () => {
    const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}(\.[a-z]{2,5})?$/);
    fc.assert(
      fc.property(
        fc.array(fc.record({ host, port: fc.integer({ min: 1, max: 65535 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom('any', 'read-write', 'primary', 'standby', 'prefer-standby', 'read-only'),
        (hosts, attrs) => {
          const url = `postgres://u@${hosts.map((h) => `${h.host}:${h.port}`).join(',')}/db?target_session_attrs=${attrs}`;
          const p = parseMultiHostUrl(url);
          expect(p.attrs).toBe(attrs);
          expect(p.hosts.map((h) => [h.host, h.port])).toEqual(hosts.map((h) => [h.host, h.port]));
          for (const h of p.hosts) expect(new URL(h.url).port || '5432').toBe(String(h.port));
        },
      ),
    );
  });

  it('which server fits, and which errors mean "try another host"', () => {
    expect(fits('read-write', false)).toBe(true);
    expect(fits('read-write', true)).toBe(false);
    expect(fits('standby', true)).toBe(true);
    expect(fits('any', true)).toBe(true);
    expect(isConnectionError({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isConnectionError({ code: '57P01' })).toBe(true);
    expect(isConnectionError({ code: '25006' })).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError({ code: '23505' })).toBe(false);
    expect(isConnectionError({ code: '22P02' })).toBe(false);
  });
});
