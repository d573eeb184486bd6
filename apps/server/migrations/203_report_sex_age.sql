-- Issue 13: the sex-and-age category of each base key's decisive identification kept in `report_key_year`
-- (migration 200), so the annual report counts the victims of a year by group in SQL (a few thousand grouped rows
-- for three years instead of one row per person that the server turned into text and Node parsed and classified:
-- apps/server/src/report/fast.ts victimFacts).
--
-- Invariant of 200 and 202, plus:
--   sa   report_sex_age(sex, birth, date) of the decisive identification `d` — the core's `sexAge`
--        (packages/core/src/report/age.ts; the categories of annual-report.md: girls, women, boys, men, unknown);
--        a generated column, so the triggers of 200-202 keep it with `d` unchanged. A linked person's category is
--        that of its decisive record (the minimum of the keys' `d`), computed at read time for the linked sets.
-- apps/server/src/report/fast.test.ts checks report_sex_age against `sexAge` on random dates (fast-check).

-- The smallest and largest completed years a person born on `birth` ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; a partial
-- date gives a range: its latest day, its first) can have on `d` ('YYYY-MM-DD'): under 18 when the largest is,
-- 18 or over when the smallest is; unknown otherwise, without a sex of female or male, without a birth date that
-- reads as one, or when born after `d`.
CREATE FUNCTION report_sex_age(sex text, birth text, d text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN sex IS NULL OR sex NOT IN ('female', 'male') OR birth IS NULL OR d IS NULL
      OR birth !~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$' OR d !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN 'unknown'
    -- largest age below 0: born after the date
    WHEN substr(d, 1, 4)::int - substr(birth, 1, 4)::int
         - (substr(d, 6, 2)::int * 100 + substr(d, 9, 2)::int
            < CASE length(birth) WHEN 4 THEN 101 ELSE substr(birth, 6, 2)::int * 100
                   + CASE length(birth) WHEN 7 THEN 1 ELSE substr(birth, 9, 2)::int END END)::int < 0 THEN 'unknown'
    -- largest age below 18
    WHEN substr(d, 1, 4)::int - substr(birth, 1, 4)::int
         - (substr(d, 6, 2)::int * 100 + substr(d, 9, 2)::int
            < CASE length(birth) WHEN 4 THEN 101 ELSE substr(birth, 6, 2)::int * 100
                   + CASE length(birth) WHEN 7 THEN 1 ELSE substr(birth, 9, 2)::int END END)::int < 18
      THEN CASE sex WHEN 'female' THEN 'girls' ELSE 'boys' END
    -- smallest age 18 or over
    WHEN substr(d, 1, 4)::int - substr(birth, 1, 4)::int
         - (substr(d, 6, 2)::int * 100 + substr(d, 9, 2)::int
            < CASE length(birth) WHEN 4 THEN 1231 ELSE substr(birth, 6, 2)::int * 100
                   + CASE length(birth) WHEN 7 THEN 31 ELSE substr(birth, 9, 2)::int END END)::int >= 18
      THEN CASE sex WHEN 'female' THEN 'women' ELSE 'men' END
    ELSE 'unknown' END $$;

ALTER TABLE report_key_year ADD COLUMN sa text COLLATE "C" GENERATED ALWAYS AS (report_sex_age(d[4], d[5], d[1])) STORED;
