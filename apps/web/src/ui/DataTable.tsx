import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  /** Stable key of the column. */
  key: string;
  /** Visible header (already translated). */
  header: ReactNode;
  /** Cell content; defaults to `String(row[key])`. */
  render?: (row: T) => ReactNode;
  /** Right-align numbers, monospaced ids. */
  className?: string;
  /** The header as text, beside each value when the table is stacked (defaults to a string `header`). */
  label?: string;
}

export interface DataTableProps<T> {
  /** Accessible caption (visible; can be visually hidden with `captionHidden`). */
  caption: string;
  captionHidden?: boolean;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  loading?: boolean;
  /** Shown instead of the body when there are no rows. */
  empty?: ReactNode;
  /**
   * On a phone (≤ 40rem) each row is drawn as a block, one value under the other with its column's name
   * beside it, instead of columns scrolled sideways (wide money columns, long texts).
   */
  stacked?: boolean;
}

/** A responsive table: scrolls horizontally inside a focusable, labelled region on small screens. */
export function DataTable<T>({
  caption,
  captionHidden,
  columns,
  rows,
  rowKey,
  loading,
  empty,
  stacked,
}: DataTableProps<T>) {
  const { t } = useTranslation();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be keyboard-reachable (WCAG 2.1.1).
    <section className="table-wrap" tabIndex={0} aria-label={caption} aria-busy={loading || undefined}>
      <table className={stacked ? 'table table-stacked' : 'table'}>
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.className}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="table-empty">
                {loading ? t('table.loading') : (empty ?? t('table.empty'))}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (
                  <td
                    key={c.key}
                    className={c.className}
                    data-label={
                      stacked
                        ? (c.label ?? (typeof c.header === 'string' ? c.header : undefined)) || undefined
                        : undefined
                    }
                  >
                    {c.render ? c.render(row) : String((row as Record<string, unknown>)[c.key] ?? '')}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
