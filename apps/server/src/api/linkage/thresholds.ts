/**
 * The linkage engine's decisions by match probability, in one place (the report's SQL reads them without loading
 * the engine):
 * - from COUNT_LINK (0.5, the threshold of `enlace link`) an undecided link joins two persons in the figures: the
 *   reading more likely than not, so the database and the command line count the same persons;
 * - from REVIEW_LOW (0.4) to AUTO_LINK (0.95) an undecided link waits for a reviewer (confirm, reject, undo); the
 *   report says how many identifications such links touch (`linkage_review`);
 * - a confirmed link always joins, a rejected one never does.
 * REVIEW_LOW sits below the cap of name-only evidence (EVIDENCE_CAPS.noDate, 0.45): such pairs are never linked by
 * themselves, but a person decides.
 */
export const REVIEW_LOW = 0.4;
export const COUNT_LINK = 0.5;
export const AUTO_LINK = 0.95;
