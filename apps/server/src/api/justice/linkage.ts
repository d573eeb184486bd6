/**
 * Defendants linked across cases and agencies with the same library and model as victims (packages/linkage): a
 * new or changed defendant is compared with every other defendant under the persons' stored Fellegi-Sunter model
 * (`linkIncremental`); before any model exists, the defendants are deduplicated with a model estimated on
 * themselves (`linkDedup`). Pairs from REVIEW_LOW up go to the review queue; decisions are kept when a pair is
 * found again. Names are decrypted only here, in memory, and never returned or logged.
 */
import { type FsModel, type LinkRecord, linkDedup, linkIncremental } from '@enlace/linkage';
import type { Db } from '../../db/index.ts';
import { decJson } from '../cases/crypto-json.ts';
import { latestModel } from '../linkage/repository.ts';
import { REVIEW_LOW } from '../linkage/thresholds.ts';
import * as repo from './repository.ts';
import type { DefendantIdentity } from './schema.ts';

/** Below this many defendants a model of their own is not estimated (too few pairs for EM). */
const MIN_FOR_OWN_MODEL = 20;

export function defendantRecord(
  r: Pick<repo.DefendantRow, 'id' | 'sex' | 'nationality' | 'identity_enc'>,
): LinkRecord {
  const i = decJson<DefendantIdentity>('jd_defendants', 'identity_enc', r.identity_enc);
  const fields: Record<string, string> = {};
  const put = (k: string, v: string | null | undefined) => {
    if (v) fields[k] = v;
  };
  // an alias alone is compared as the given name (how people are known in a network)
  put('given_names', i?.givenNames || i?.aliases[0]);
  put('surname_1', i?.surname1);
  put('surname_2', i?.surname2);
  put('birth_date', i?.birthDate);
  put('curp', i?.curp);
  put('sex', r.sex);
  put('nationality', r.nationality);
  return { id: r.id, fields };
}

const ordered = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);

/** Compares defendant `id` with every other defendant and stores the pairs found for review. */
export async function relinkDefendant(db: Db, id: string): Promise<number> {
  const all = await repo.allDefendantIdentities(db);
  const me = all.find((r) => r.id === id);
  if (!me) return 0;
  const others = all.filter((r) => r.id !== id).map(defendantRecord);
  const mine = defendantRecord(me);
  let pairs: { other: string; p: number }[] = [];
  const stored = await latestModel(db);
  if (stored) {
    pairs = linkIncremental(others, [mine], stored.model as FsModel, { threshold: REVIEW_LOW }).map((x) => ({
      other: x.leftId === id ? x.rightId : x.leftId,
      p: x.probability,
    }));
  } else if (others.length + 1 >= MIN_FOR_OWN_MODEL) {
    const recs = [...others, mine];
    const res = linkDedup(recs, { threshold: REVIEW_LOW });
    const idx = recs.length - 1;
    pairs = res.pairs
      .filter((x) => x.left === idx || x.right === idx)
      .map((x) => ({ other: recs[x.left === idx ? x.right : x.left]!.id, p: x.probability }));
  }
  await db.transaction(async (tx) => {
    for (const { other, p } of pairs) {
      const [a, b] = ordered(id, other);
      await repo.upsertDefendantLink(tx, a, b, p);
    }
    await repo.dropStalePendingLinks(
      tx,
      id,
      pairs.map((x) => x.other),
    );
  });
  return pairs.length;
}
