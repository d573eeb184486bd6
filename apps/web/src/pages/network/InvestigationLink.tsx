import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';

/** `GET /api/justice/chains` (apps/server/src/api/justice/schema.ts). */
type Chains = ApiResponse<'/api/justice/chains'>;

/**
 * On an investigation's node: a link to the agency's justice chain it stands for (its page has the timeline and
 * the identifiers recorded on it), when there is one. The node is `investigation:<record id>` for a chain naming
 * its exchange record, `investigation:chain-<id>` otherwise.
 */
export function InvestigationLink({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const [chainId, setChainId] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setChainId(null);
    api
      .get<Chains>('/justice/chains')
      .then((r) => {
        const c = r.items.find(
          (x) =>
            nodeId === `investigation:chain-${x.chainId}` ||
            (x.recordRef !== null && nodeId === `investigation:${x.recordRef}`),
        );
        if (live) setChainId(c?.chainId ?? null);
      })
      // without the justice records (another role) there is simply no link
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [nodeId]);
  if (!chainId) return null;
  return (
    <p>
      <Link to={`/justice/stages/${chainId}`}>{t('network.hood.investigationPage')}</Link>
    </p>
  );
}
