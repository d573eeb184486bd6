import type { Client } from './server.ts';

/**
 * The answers of a short screening (instrument `short-screen` 1.0.0) of a man in forced agricultural labour, in
 * the order the instrument asks them: debt bondage and withheld documents among the indicators, so the
 * screening recommends an assessment and a case opened from it carries those means of control.
 */
export const SHORT_SCREEN_ANSWERS: readonly (readonly [string, unknown])[] = [
  ['safe_now', 'yes'],
  ['preferred_language', 'indigenous'],
  ['age', 34],
  ['work_kind', 'agriculture'],
  ['promise_kept', 'no'],
  ['can_leave', 'no'],
  ['documents_kept', 'yes'],
  ['owes_money', 'yes'],
  ['debt_unpayable', 'yes'],
  ['paid', 'not_paid'],
  ['threatened', null],
  ['hurt', 'no'],
  ['contact_family', 'yes'],
  ['hours_per_day', 13],
  ['basic_needs', 'yes'],
  ['no_other_choice', 'no'],
];

/** Runs a short screening to completion through the API as `client`; returns its id. */
export async function completeShortScreen(client: Client): Promise<string> {
  const s = await client.request('POST', '/api/screenings', { instrumentId: 'short-screen' });
  if (s.status !== 201) throw new Error(`screening not started: ${JSON.stringify(s.json)}`);
  for (const [item, value] of SHORT_SCREEN_ANSWERS) {
    const r = await client.request('PUT', `/api/screenings/${s.json.id}/answers/${item}`, { value });
    if (r.status !== 200) throw new Error(`answer ${item} refused: ${JSON.stringify(r.json)}`);
  }
  const done = await client.request('POST', `/api/screenings/${s.json.id}/complete`);
  if (done.status !== 200) throw new Error(`screening not completed: ${JSON.stringify(done.json)}`);
  return s.json.id;
}
