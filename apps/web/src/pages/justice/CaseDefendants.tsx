import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { JUSTICE_ROLES } from './routes.ts';

interface Named {
  name?: string;
  alias?: string;
}

/**
 * On the case page, under the perpetrators the person described: which of them are recorded as defendants (links),
 * and a button to record a named one as a defendant of the agency (linked to the case; compared with every other
 * defendant by the linkage).
 */
export function CaseDefendants({ caseId, perpetrators }: { caseId: string; perpetrators: readonly Named[] }) {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const allowed = (JUSTICE_ROLES as readonly string[]).includes(me.role);
  const [items, setItems] = useState<{ id: string; displayName: string }[] | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      const r = await api.get<ApiResponse<'/api/defendants'>>('/defendants', {
        query: { caseId, limit: 100 },
      });
      setItems(r.items);
    } catch (e) {
      setError(e);
    }
  }, [caseId]);
  useEffect(() => {
    if (allowed) void load();
  }, [allowed, load]);
  if (!allowed || items === null)
    return error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null;

  const recorded = (p: Named) =>
    items.some(
      (d) =>
        (p.name && d.displayName.startsWith(p.name)) || (p.alias && d.displayName.includes(`«${p.alias}»`)),
    );
  async function record(index: number) {
    setBusy(index);
    setError(null);
    try {
      await api.post('/defendants/from-case', { caseId, index });
      await load();
    } catch (e) {
      setError(e);
    }
    setBusy(null);
  }
  const candidates = perpetrators
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => (p.name || p.alias) && !recorded(p));

  return (
    <div className="jd-case-defendants">
      <h3>{t('justice.caseDefendants.title')}</h3>
      {items.length === 0 ? <p>{t('justice.caseDefendants.none')}</p> : null}
      {items.length ? (
        <ul>
          {items.map((d) => (
            <li key={d.id}>
              <Link to={`/defendants/${d.id}`}>{d.displayName}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      {candidates.map(({ p, index }) => (
        <Button key={index} variant="secondary" busy={busy === index} onClick={() => void record(index)}>
          {t('justice.caseDefendants.record', { name: p.name ?? p.alias })}
        </Button>
      ))}
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
    </div>
  );
}
