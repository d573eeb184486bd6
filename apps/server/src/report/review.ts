/**
 * How much of a year's victim count still waits on a person: identification records whose person has an
 * undecided link in the review band [REVIEW_LOW, AUTO_LINK) of the linkage engine. The annual report counts the
 * reading more likely than not (such a link joins two persons from 0.5 on, COUNT_LINK), and a reviewer's decision
 * may still move the victim figures by up to this many records either way. Printed beside the spec's figures as the optional key `linkage_review` (annual-report.md allows new
 * optional keys; every key of the spec stays as it is).
 */
import { AUTO_LINK, REVIEW_LOW } from '../api/linkage/thresholds.ts';
import type { Db } from '../db/index.ts';
import { withSettings } from './fast.ts';
import { hasTable } from './repository.ts';

export interface LinkageReview {
  /** Identification records of the year whose person has at least one link waiting for review. */
  identifications_awaiting_review: number;
  /** Links waiting for review that touch a person identified in the year. */
  links_awaiting_review: number;
}

const REVIEW_SETTINGS = { jit: 'off', enable_nestloop: 'off' };

export async function linkageReview(db: Db, year: number): Promise<LinkageReview> {
  if (!(await hasTable(db, 'person_links')))
    return { identifications_awaiting_review: 0, links_awaiting_review: 0 };
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  // the year's identifications read once (the date index holds person_id: an index-only scan), joined by hash with
  // the persons of the review band's links; then the links with a person found (a link is one
  // (person_a, person_b), the key of person_links; joins, not `IN … OR IN …`, which the planner rescans per link once
  // the persons outgrow work_mem). Probing the
  // identifications by person instead read ~25,000 heap rows (0.5 s at 1,000,000 persons); reading the year twice
  // more for the links, as before, ~0.1 s of the server's CPU more. No nested loops (the planner cannot know the
  // band's size: it chose the probes); no JIT (fast.ts VICTIM_SETTINGS: compiling took longer than running).
  const { rows } = await withSettings(db, REVIEW_SETTINGS, (tx) =>
    tx.query<{ ids: string; links: string }>(
      `WITH band AS (
       SELECT person_a, person_b FROM person_links
        WHERE decision IS NULL AND probability >= $3 AND probability < $4),
     hit AS (
       SELECT i.person_id, count(*) AS n FROM identifications i
        WHERE i.person_id IN (SELECT person_a FROM band UNION ALL SELECT person_b FROM band)
          AND i.date BETWEEN $1 AND $2
        GROUP BY 1)
     SELECT (SELECT COALESCE(sum(n), 0) FROM hit)::text AS ids,
            (SELECT count(*) FROM (
               SELECT b.person_a, b.person_b FROM band b JOIN hit h ON h.person_id = b.person_a
               UNION SELECT b.person_a, b.person_b FROM band b JOIN hit h ON h.person_id = b.person_b) l)::text AS links`,
      [from, to, REVIEW_LOW, AUTO_LINK],
    ),
  );
  return {
    identifications_awaiting_review: Number(rows[0]?.ids ?? 0),
    links_awaiting_review: Number(rows[0]?.links ?? 0),
  };
}
