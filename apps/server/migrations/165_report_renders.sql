-- Issue 13 (speed): the national report as a file (HTML and the PDF printed by Chromium) kept per (year, language,
-- format) for the data version and the renderer it was made with (apps/server/src/report/render-store.ts), so a
-- repeated download is read instead of printed again. A row is valid only while report_data_version (migration
-- 090) still has its data_version and the renderer (a hash of the rendering code and of the Chromium binary) is
-- unchanged. One row per (year, language, format); rows of older data versions are deleted when a newer render is
-- stored, so only the latest data version's files are kept. Aggregates only: no personal data.
CREATE TABLE report_renders (
  year int NOT NULL,
  lang text NOT NULL CHECK (lang IN ('es-MX', 'en-US')),
  format text NOT NULL CHECK (format IN ('html', 'pdf')),
  data_version bigint NOT NULL,
  renderer text NOT NULL,
  body bytea NOT NULL,
  rendered_at timestamptz NOT NULL DEFAULT now(),
  render_ms int,
  PRIMARY KEY (year, lang, format)
);
