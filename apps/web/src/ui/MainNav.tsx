import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router';
import type { AppRoute } from '../routes.ts';

/**
 * The main navigation. Wide screens: every entry of the role, wrapping onto a second row when there are many
 * (nothing is cut off or scrolled sideways). Phones (< 48rem): a "Menú" disclosure button (aria-expanded) that
 * opens the full list below it; Escape closes it and returns focus to the button, opening a page closes it.
 * Entries with a `nav.count` show a badge (e.g. transfers waiting), announced as the link's description.
 *
 * "Opening a page" is a page whose address came after the menu was opened. The router shows a new page in a
 * transition: the address bar changes at once, the page (and `useLocation`) only once its lazy chunk has loaded,
 * e.g. `/` → the role's home page right after signing in. A menu opened in between, under an address already
 * shown, stays open when that page arrives (it used to snap shut under the person's finger on a slow phone).
 */
export function MainNav({ nav }: { nav: readonly AppRoute[] }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  /** The address shown when the menu was last opened (the router's `pathname` may still be the previous page's). */
  const openedAt = useRef<string | null>(null);
  const listId = useId();
  const counts = useNavCounts(nav, pathname);

  // Opening a page closes the menu (its heading then takes focus, see PageHeader); so does choosing an entry (its
  // onClick), the current one included. The page whose address was already shown when the menu opened does not.
  useEffect(() => {
    if (openedAt.current !== pathname) setOpen(false);
  }, [pathname]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
      toggle.current?.focus();
    }
  };

  return (
    <nav className="app-nav" aria-label={t('app.mainNav')} onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        className="app-nav-toggle"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => {
          if (!open) openedAt.current = window.location.pathname;
          setOpen(!open);
        }}
      >
        <span className="app-nav-toggle-icon" aria-hidden="true" />
        {t('app.menu')}
      </button>
      <ul id={listId} className={open ? 'app-nav-list is-open' : 'app-nav-list'}>
        {nav.map((r) => (
          <li key={r.id}>
            <NavLink
              to={r.path}
              end={r.path === '/'}
              onClick={() => setOpen(false)}
              aria-describedby={counts[r.id] ? `${listId}-${r.id}-count` : undefined}
            >
              {t(r.titleKey)}
              {counts[r.id] ? (
                <span className="nav-count" aria-hidden="true">
                  {counts[r.id]}
                </span>
              ) : null}
            </NavLink>
            {counts[r.id] ? (
              <span id={`${listId}-${r.id}-count`} hidden>
                {t('app.navCount', { count: counts[r.id] })}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The badges of the entries that have one (`nav.count`), fetched again on each page change; failures hide them. */
function useNavCounts(nav: readonly AppRoute[], pathname: string): Record<string, number> {
  const [counts, setCounts] = useState<Record<string, number>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshed on every page change on purpose
  useEffect(() => {
    const ctrl = new AbortController();
    for (const r of nav) {
      const count = r.nav?.count;
      if (!count) continue;
      count(ctrl.signal)
        .then((n) => setCounts((c) => (c[r.id] === n ? c : { ...c, [r.id]: n })))
        .catch(() => {
          if (!ctrl.signal.aborted) setCounts((c) => ({ ...c, [r.id]: 0 }));
        });
    }
    return () => ctrl.abort();
  }, [nav, pathname]);
  return counts;
}
