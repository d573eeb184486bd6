/** Pure pagination arithmetic for offset/limit APIs (`?limit=50&offset=0` → `{ items, total }`). */
export interface PageInfo {
  /** 1-based number of the first row shown (0 when there are none). */
  from: number;
  /** 1-based number of the last row shown. */
  to: number;
  total: number;
  /** 1-based current page. */
  page: number;
  pages: number;
  prevOffset: number | null;
  nextOffset: number | null;
}

export function pageInfo(offset: number, limit: number, total: number, shown?: number): PageInfo {
  const lim = Math.max(1, Math.floor(limit));
  const tot = Math.max(0, Math.floor(total));
  const off = Math.min(Math.max(0, Math.floor(offset)), Math.max(0, tot - 1));
  const count = shown ?? Math.max(0, Math.min(lim, tot - off));
  const pages = Math.max(1, Math.ceil(tot / lim));
  const page = Math.min(pages, Math.floor(off / lim) + 1);
  return {
    from: count === 0 ? 0 : off + 1,
    to: count === 0 ? 0 : off + count,
    total: tot,
    page,
    pages,
    prevOffset: off > 0 ? Math.max(0, off - lim) : null,
    nextOffset: off + lim < tot ? off + lim : null,
  };
}
