import { describe, expect, it } from 'vitest';
import { apiUrl } from './client.ts';

describe('apiUrl', () => {
  it('prefixes /api and leaves out empty parameters', () => {
    expect(apiUrl('/agencies', { limit: 50, offset: 0, q: '' })).toBe('/api/agencies?limit=50&offset=0');
    expect(apiUrl('/agencies', { q: 'Fiscalía & Co', x: undefined, y: null })).toBe(
      '/api/agencies?q=Fiscal%C3%ADa+%26+Co',
    );
    expect(apiUrl('/auth/session')).toBe('/api/auth/session');
  });
});
