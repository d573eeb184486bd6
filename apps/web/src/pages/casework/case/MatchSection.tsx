import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { Button } from '../../../ui/Button.tsx';
import { beforeFullStop, reasonParams, serviceList } from '../labels.ts';
import type { MatchResult } from '../types.ts';
import { useCase } from './useCase.tsx';

/** Providers ranked for the case's needs, with reasons; "Canalizar" sends a referral (once per provider). */
export function MatchSection() {
  const { t } = useTranslation();
  const { id, c, referrals, busy, act } = useCase();
  const [match, setMatch] = useState<MatchResult | null>(null);
  // Providers this case already has an open referral to: no second "Refer" button for them.
  const openTo = new Map(
    referrals.filter((r) => r.status === 'pending' || r.status === 'accepted').map((r) => [r.providerId, r]),
  );
  return (
    <>
      <section className="card" aria-labelledby="cw-match">
        <h2 id="cw-match">{t('casework.match.title')}</h2>
        <Button
          busy={busy}
          onClick={() =>
            act(async () => setMatch(await api.post<MatchResult>('/providers/match', { caseId: id })))
          }
        >
          {t('casework.match.find')}
        </Button>
        {match ? (
          <>
            <h3>{t('casework.match.ranked')}</h3>
            {match.ranked.length === 0 ? <p>{t('casework.match.none')}</p> : null}
            <ol>
              {match.ranked.map((r) => (
                <li key={r.providerId}>
                  <strong>{r.provider.name}</strong>{' '}
                  <span>
                    {r.reasons
                      .map((x) => t(`casework.match.reason.${x.code}`, reasonParams(x, t)))
                      .join('; ')}
                  </span>{' '}
                  {openTo.has(r.providerId) ? (
                    <em>{t(`casework.referralStatus.${openTo.get(r.providerId)!.status}`)}</em>
                  ) : (
                    <Button
                      busy={busy}
                      onClick={() =>
                        act(
                          () =>
                            api.post('/case-referrals', {
                              caseId: id,
                              providerId: r.providerId,
                              services: c.needs.filter((s) =>
                                (r.provider.services as readonly string[]).includes(s),
                              ),
                            }),
                          t('casework.match.referred', { name: beforeFullStop(r.provider.name) }),
                        )
                      }
                    >
                      {t('casework.match.refer', { name: r.provider.name })}
                    </Button>
                  )}
                </li>
              ))}
            </ol>
            <h3>{t('casework.match.excluded')}</h3>
            <ul>
              {match.excluded.map((x) => (
                <li key={x.providerId}>
                  <strong>{x.name}</strong>:{' '}
                  {x.reasons
                    .map((r) => t(`casework.match.exclusion.${r.code}`, reasonParams(r, t)))
                    .join('; ')}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="card" aria-labelledby="cw-refs">
        <h2 id="cw-refs">{t('casework.referrals.sent')}</h2>
        {referrals.length === 0 ? <p>{t('casework.page.noReferrals')}</p> : null}
        <ul className="cw-list">
          {referrals.map((r) => (
            <li key={r.id}>
              {r.providerName ?? r.toAgencyName ?? t('casework.page.provider')} · {serviceList(r.services, t)}
              : {t(`casework.referralStatus.${r.status}`)}
              {r.declineReason ? ` (${r.declineReason})` : ''}
              {r.overdue ? ` · ${t(`casework.overdue.${r.overdue}`)}` : ''}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
