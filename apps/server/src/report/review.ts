/**
 * How much of a year's victim count still waits on a person: identification records whose person has an
 * undecided link in the review band [REVIEW_LOW, AUTO_LINK) of the linkage engine. The annual report counts the
 * reading more likely than not (such a link joins two persons from 0.5 on, COUNT_LINK), and a reviewer's decision
 * may still move the victim figures by up to this many records either way. Printed beside the spec's figures as the optional key `linkage_review` (annual-report.md allows new
 * optional keys; every key of the spec stays as it is).
 */
import { AUTO_LINK, REVIEW_LOW } from '../api/linkage/thresholds.ts';
import type { Db } from '../db/index.ts';
import { NO_JIT, withSettings } from './fast.ts';
import { hasTable } from './repository.ts';

export interface LinkageReview {
  /** Identification records of the year whose person has at least one link waiting for review. */
  identifications_awaiting_review: number;
  /** Links waiting for review that touch a person identified in the year. */
  links_awaiting_review: number;
}

export async function linkageReview(db: Db, year: number): Promise<LinkageReview> {
  if (!(await hasTable(db, 'person_links')))
    return { identifications_awaiting_review: 0, links_awaiting_review: 0 };
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  // no JIT (fast.ts VICTIM_SETTINGS): compiling this plan took longer than running it
  const { rows } = await withSettings(db, NO_JIT, (tx) =>
    tx.query<{ ids: string; links: string }>(
      // set-based: a link counts when either of its persons has an identification in the year (two index
      // probes per link); `IN (year's persons) OR IN (…)` was a subplan rescanned per link once the year's
      // persons outgrew work_mem (25 s at 1,000,000 persons and 20,000 links)
      `WITH band AS (
       SELECT person_a, person_b FROM person_links
        WHERE decision IS NULL AND probability >= $3 AND probability < $4),
     touched AS (SELECT person_a AS p FROM band UNION SELECT person_b FROM band)
     SELECT
       (SELECT count(*) FROM identifications i JOIN touched t ON t.p = i.person_id
         WHERE i.date BETWEEN $1 AND $2)::text AS ids,
       (SELECT count(*) FROM band b
         WHERE EXISTS (SELECT 1 FROM identifications i WHERE i.person_id = b.person_a AND i.date BETWEEN $1 AND $2)
            OR EXISTS (SELECT 1 FROM identifications i WHERE i.person_id = b.person_b AND i.date BETWEEN $1 AND $2))::text AS links`,
      [from, to, REVIEW_LOW, AUTO_LINK],
    ),
  );
  return {
    identifications_awaiting_review: Number(rows[0]?.ids ?? 0),
    links_awaiting_review: Number(rows[0]?.links ?? 0),
  };
}
