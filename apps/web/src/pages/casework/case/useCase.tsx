import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { api } from '../../../api/client.ts';
import type { ApiResponse } from '../../../api/types.ts';
import { useBreakGlass } from '../../../ui/JustificationDialog.tsx';
import type { CaseView, ConsentList, HistoryEntry, Referral, Restitution, ServiceRow } from '../types.ts';

/** Everything the case page shows, loaded together, and the one way sections change it. */
export function useCaseData(id: string) {
  const [c, setC] = useState<CaseView | null>(null);
  const [consents, setConsents] = useState<ConsentList>({ events: [], status: [] });
  const [referrals, setReferrals] = useState<Referral[]>([]);
  const [services, setServices] = useState<ServiceRow[]>([]);
  const [restitution, setRestitution] = useState<Restitution>({ orders: [], payments: [], balances: [] });
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A second click before React re-renders the disabled buttons must not send twice (e.g. two referrals).
  const inFlight = useRef(false);
  // Someone else's case asks for a reason first (break-glass); the reason goes with every read of the case.
  const bg = useBreakGlass(`cases/${id}`);
  const { headers, needs: needsReason } = bg;

  const load = useCallback(async () => {
    try {
      const opts = { headers };
      const [view, cons, sent, svc, rest, hist] = await Promise.all([
        api.get<CaseView>(`/cases/${id}`, opts),
        api.get<ConsentList>(`/cases/${id}/consents`, opts),
        api.get<ApiResponse<'/api/case-referrals'>>('/case-referrals', { query: { box: 'sent' } }),
        api.get<ApiResponse<'/api/cases/{id}/services'>>(`/cases/${id}/services`, opts),
        api.get<Restitution>(`/cases/${id}/restitution`, opts),
        api.get<ApiResponse<'/api/cases/{id}/history'>>(`/cases/${id}/history`, opts),
      ]);
      setC(view);
      setConsents(cons);
      setReferrals(sent.items.filter((r) => r.caseId === id));
      setServices(svc.items);
      setRestitution(rest);
      setHistory(hist.items);
    } catch (e) {
      if (!needsReason(e)) setError(e);
    }
  }, [id, headers, needsReason]);
  useEffect(() => {
    void load();
  }, [load]);

  /** Runs one change (never two at once), then reloads; `done` is announced on success. Resolves true on success. */
  const act = useCallback(
    async (fn: () => Promise<unknown>, done?: string): Promise<boolean> => {
      if (inFlight.current) return false;
      inFlight.current = true;
      setBusy(true);
      setError(null);
      setNotice(null);
      try {
        await fn();
        await load();
        // Announced once the page shows the change.
        if (done) setNotice(done);
        return true;
      } catch (e) {
        setError(e);
        return false;
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [load],
  );
  const patch = useCallback(
    (body: Partial<CaseView>, done?: string) => act(() => api.patch(`/cases/${id}`, body, { headers }), done),
    [act, id, headers],
  );
  return {
    id,
    c,
    consents,
    referrals,
    services,
    restitution,
    history,
    error,
    notice,
    busy,
    bg,
    headers,
    act,
    patch,
  };
}

export type CaseData = ReturnType<typeof useCaseData>;
const Ctx = createContext<CaseData | null>(null);
export const CaseProvider = ({ value, children }: { value: CaseData; children: ReactNode }) => (
  <Ctx.Provider value={value}>{children}</Ctx.Provider>
);
export function useCase(): CaseData & { c: CaseView } {
  const v = useContext(Ctx);
  if (!v?.c) throw new Error('useCase outside a loaded case');
  return v as CaseData & { c: CaseView };
}

/** A calendar day (YYYY-MM-DD or a partial date) as people read it. */
export function dayLabel(d: string | null | undefined, locale: string): string {
  if (!d) return '—';
  if (/^\d{4}$/.test(d)) return d;
  if (/^\d{4}-\d{2}$/.test(d))
    return new Date(`${d}-15T12:00:00`).toLocaleDateString(locale, { year: 'numeric', month: 'long' });
  return new Date(`${d}T12:00:00`).toLocaleDateString(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
}
