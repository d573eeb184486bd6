import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, setWriteRetryDelays } from './client.ts';

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('writes carry an Idempotency-Key and are retried with it', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setWriteRetryDelays([500, 1000, 2000, 4000, 8000, 15000]);
  });

  it('a write broken by a failover is sent again with the same key; a read has none', async () => {
    setWriteRetryDelays([0, 0, 0]);
    const keys: (string | undefined)[] = [];
    const replies = [
      () => Promise.reject(new TypeError('network down')),
      () => Promise.resolve(answer(503, { error: { code: 'database_outcome_unknown', message: 'x' } })),
      () => Promise.resolve(answer(201, { id: 'c1' })),
    ];
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      keys.push((init.headers as Record<string, string>)['idempotency-key']);
      return replies[keys.length - 1]!();
    });
    expect(await api.post<{ id: string }>('/cases', { notes: 'x' })).toEqual({ id: 'c1' });
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);

    keys.length = 0;
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      keys.push((init.headers as Record<string, string>)['idempotency-key']);
      return Promise.resolve(answer(200, { items: [] }));
    });
    await api.get('/cases');
    expect(keys).toEqual([undefined]);
  });

  it('a refused write is not retried, and retries end', async () => {
    setWriteRetryDelays([0]);
    let calls = 0;
    vi.stubGlobal('fetch', () => {
      calls++;
      return Promise.resolve(answer(400, { error: { code: 'invalid_input', message: 'no' } }));
    });
    await expect(api.post('/cases', {})).rejects.toBeInstanceOf(ApiError);
    expect(calls).toBe(1);
    calls = 0;
    vi.stubGlobal('fetch', () => {
      calls++;
      return Promise.resolve(answer(503, { error: { code: 'database_unavailable', message: 'down' } }));
    });
    await expect(api.post('/cases', {})).rejects.toMatchObject({ code: 'database_unavailable' });
    expect(calls).toBe(2);
  });
});
