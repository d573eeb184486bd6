import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Query } from '../api/client.ts';
import type { Page } from '../api/types.ts';

export interface PagedQuery<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
  loading: boolean;
  error: unknown;
  setOffset: (offset: number) => void;
  reload: () => void;
}

/**
 * Loads one page of an offset/limit list endpoint (`GET /api/x?limit&offset&...` → `{ items, total }`).
 * Changing `params` (e.g. a search) goes back to the first page; stale responses are aborted.
 */
export function usePagedQuery<T>(path: string, params: Query = {}, limit = 50): PagedQuery<T> {
  const [offset, setOffset] = useState(0);
  const [state, setState] = useState<{ items: T[]; total: number; loading: boolean; error: unknown }>({
    items: [],
    total: 0,
    loading: true,
    error: null,
  });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(params);
  const lastKey = useRef(key);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` forces a reload with the same parameters.
  useEffect(() => {
    if (lastKey.current !== key) {
      lastKey.current = key;
      if (offset !== 0) {
        setOffset(0);
        return;
      }
    }
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    api
      .get<Page<T>>(path, { query: { ...JSON.parse(key), limit, offset }, signal: ctrl.signal })
      .then((page) => setState({ items: page.items, total: page.total, loading: false, error: null }))
      .catch((error: unknown) => {
        if (ctrl.signal.aborted) return;
        setState((s) => ({ ...s, loading: false, error }));
      });
    return () => ctrl.abort();
  }, [path, key, limit, offset, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, offset, limit, setOffset, reload };
}
