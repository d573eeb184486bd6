import {
  type ComponentType,
  lazy,
  type ReactNode,
  Suspense,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, matchPath, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { Role } from './api/types.ts';
import { AuthProvider, useAuth } from './auth/AuthContext.tsx';
import { currentLocale, setLocale, storedLocale } from './i18n/index.ts';
import { appRoutes, publicRoutes } from './routes.registry.ts';
import { type AppRoute, canAccess, homePathFor, navFor } from './routes.ts';
import { AppLayout, AuthLayout, PageLoading } from './ui/AppLayout.tsx';
import { markNavigated } from './ui/navigation.ts';

const AuthScreens = lazy(() => import('./auth/AuthScreens.tsx'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.tsx'));
const ForbiddenPage = lazy(() => import('./pages/ForbiddenPage.tsx'));

/** One React.lazy component per route, created once. */
const pageComponents = new Map<string, ComponentType>(appRoutes.map((r) => [r.id, lazy(r.load)]));
const publicPages = new Map<string, ComponentType>(publicRoutes.map((r) => [r.id, lazy(r.load)]));

function Guard({
  route,
  role,
  agencyKind,
  children,
}: {
  route: AppRoute;
  role: Role;
  agencyKind?: string | undefined;
  children: ReactNode;
}) {
  if (canAccess(route, role, agencyKind)) return <>{children}</>;
  // `/` leads each role to its own start page (auditor → audit log, analyst → dashboard).
  if (route.path === '/') return <Navigate to={homePathFor(appRoutes, role)} replace />;
  return <ForbiddenPage />;
}

/** Marks that the user has navigated inside the app, so page headings take focus (see PageHeader). */
function NavigationTracker() {
  const { pathname } = useLocation();
  const first = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (first.current === null) first.current = pathname;
    else if (pathname !== first.current) markNavigated();
  }, [pathname]);
  return null;
}

function SignedInApp() {
  const { state, logout } = useAuth();
  const [loggingOut, setLoggingOut] = useState(false);
  const navigate = useNavigate();
  if (state.kind !== 'ready') throw new Error('SignedInApp without a user');
  const { user } = state;
  const nav = useMemo(() => navFor(appRoutes, user.role, user.agencyKind), [user.role, user.agencyKind]);
  useEffect(() => {
    // The account's language applies until the person picks one on this device.
    if (!storedLocale() && user.locale !== currentLocale()) void setLocale(user.locale, { persist: false });
  }, [user.locale]);
  return (
    <AppLayout
      user={user}
      nav={nav}
      loggingOut={loggingOut}
      onLogout={() => {
        setLoggingOut(true);
        // The next person to sign in on this device starts at their own home page.
        navigate('/', { replace: true });
        logout().finally(() => setLoggingOut(false));
      }}
    >
      <NavigationTracker />
      <Suspense fallback={<PageLoading />}>
        <Routes>
          {appRoutes.map((r) => {
            const Page = pageComponents.get(r.id)!;
            return (
              <Route
                key={r.id}
                path={r.path}
                element={
                  <Guard route={r} role={user.role} agencyKind={user.agencyKind}>
                    <Page />
                  </Guard>
                }
              />
            );
          })}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}

function Shell() {
  const { state } = useAuth();
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const open = publicRoutes.find((r) => matchPath(r.path, pathname));
  useEffect(() => {
    if (state.kind === 'loading') document.title = t('app.name');
  }, [state.kind, t]);
  if (open) {
    // Public pages (no sign-in), whatever the session state.
    const Page = publicPages.get(open.id)!;
    return (
      <AuthLayout>
        <Suspense fallback={<PageLoading />}>
          <Page />
        </Suspense>
      </AuthLayout>
    );
  }
  if (state.kind === 'loading') return <PageLoading />;
  if (state.kind !== 'ready') {
    return (
      <Suspense fallback={<PageLoading />}>
        <AuthScreens state={state} />
      </Suspense>
    );
  }
  return <SignedInApp />;
}

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <Shell />
      </AuthProvider>
    </BrowserRouter>
  );
}
