import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionUser } from '../api/types.ts';
import type { AppRoute } from '../routes.ts';
import { Button } from './Button.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { MainNav } from './MainNav.tsx';

export interface AppLayoutProps {
  user: SessionUser;
  nav: readonly AppRoute[];
  onLogout: () => void;
  loggingOut?: boolean;
  children: ReactNode;
}

/** Page frame of the signed-in app: skip link, header (brand, user, language, sign out), nav, main. */
export function AppLayout({ user, nav, onLogout, loggingOut, children }: AppLayoutProps) {
  const { t } = useTranslation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <p className="brand">{t('app.name')}</p>
          <div className="app-header-tools">
            <p className="user-badge">
              <Link
                className="user-name"
                to="/account"
                aria-label={t('account.headerLink', { name: user.displayName })}
              >
                {user.displayName}
              </Link>
              <span className="user-meta">
                {t(`roles.${user.role}`)} · {user.agencyName}
              </span>
            </p>
            <LanguageSwitch />
            <Button variant="secondary" onClick={onLogout} busy={loggingOut}>
              {t('auth.logout')}
            </Button>
          </div>
        </div>
        <MainNav nav={nav} />
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="app-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </div>
  );
}

/** Frame for sign-in and MFA screens: brand, language switch, one centred card. */
export function AuthLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="app auth">
      <header className="app-header">
        <div className="app-header-inner">
          <p className="brand">{t('app.name')}</p>
          <div className="app-header-tools">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" className="auth-main">
        <div className="card auth-card">{children}</div>
      </main>
      <footer className="app-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </div>
  );
}

/** Full-page loading state (first session probe, lazy page chunks). */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="page-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{t('app.loading')}</span>
    </div>
  );
}
