-- Issue 13 (speed): the linkage review counts of a year (identifications and links waiting for a reviewer,
-- apps/server/src/report/review.ts) are kept per data version beside the figures (they move with
-- person_links, whose writes move report_data_version).
ALTER TABLE report_figures DROP CONSTRAINT report_figures_part_check;
ALTER TABLE report_figures ADD CONSTRAINT report_figures_part_check CHECK (part IN ('annual', 'extras', 'review'));
