import { Button, Heading, Link, Paragraph, SkipLink, Spinner } from '@digdir/designsystemet-react';
import { lazy, Suspense, type ReactNode } from 'react';
import { Link as RouterLink, Navigate, NavLink, Route, Routes, useNavigate } from 'react-router';
import { signOut } from '../auth/session';
import { useSession } from '../auth/use-session';
import { HealthBanner } from '../components/HealthBanner';
import { ROLE, label } from '../format/labels';
import { organisationName } from '../format/names';
import { SignIn } from '../screens/SignIn';
import Worklist from '../screens/Worklist';
import { homePath, MENU, mayOpen, SCREENS, type Screen } from './access';

// The officer's work queue is the screen opened most, so it comes with the first load; the others are their own chunks.
const CaseScreen = lazy(() => import('../screens/CaseScreen'));
const Hospital = lazy(() => import('../screens/Hospital'));
const Quality = lazy(() => import('../screens/Quality'));
const Assessment = lazy(() => import('../screens/Assessment'));
const OidcCallback = lazy(() => import('../screens/OidcCallback'));

const Loading = () => <Spinner aria-label="Laster …" data-size="lg" />;

const Operations = () => (
  <div className="stack">
    <Heading level={1} data-size="lg">
      Drift
    </Heading>
    <Paragraph>
      Driftsverktøy: <Link href="/health">helsesjekk</Link>, <Link href="/metrics">målinger</Link>,{' '}
      <Link href="/admin/queues/login">køer (Bull Board)</Link> og <Link href="/docs">API-dokumentasjon</Link>.
    </Paragraph>
  </div>
);

/** A screen this role may not use: said plainly, with the way back, instead of a half-working form. */
const NoAccess = ({ home }: { home: string }) => (
  <div className="stack" data-testid="no-access">
    <Heading level={1} data-size="lg">
      Du har ikke tilgang til denne siden
    </Heading>
    <Paragraph>Rollen du er logget inn med, kan ikke bruke denne siden. Trenger du tilgang, kontakt lederen din.</Paragraph>
    <Paragraph>
      <Link asChild>
        <RouterLink to={home}>Gå til forsiden din</RouterLink>
      </Link>
    </Paragraph>
  </div>
);

const Shell = ({ children }: { children: ReactNode }) => {
  const session = useSession();
  const navigate = useNavigate();
  return (
    <>
      <SkipLink href="#innhold">Hopp til hovedinnhold</SkipLink>
      <header className="app-header">
        <span className="app-name">Overgang</span>
        {session && (
          <nav aria-label="Hovedmeny">
            <ul>
              {MENU[session.role].map((screen) => (
                <li key={screen}>
                  <NavLink to={SCREENS[screen].path}>{SCREENS[screen].title}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {session && (
          <div className="app-user">
            <Paragraph data-size="sm">
              <span className="app-person">{session.name ?? label(ROLE, session.role)} · </span>
              {organisationName(session.org)}
            </Paragraph>
            <Button
              variant="secondary"
              data-size="sm"
              onClick={() => {
                signOut();
                // The next one to sign in starts from their own home, not from this person's screen.
                void navigate('/', { replace: true });
              }}
            >
              Logg ut
            </Button>
          </div>
        )}
      </header>
      {session && <HealthBanner />}
      <main id="innhold" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </main>
    </>
  );
};

export const App = () => {
  const session = useSession();
  if (!session) {
    return (
      <Shell>
        <Routes>
          <Route path="/innlogging/tilbake" element={<OidcCallback />} />
          <Route path="*" element={<SignIn />} />
        </Routes>
      </Shell>
    );
  }
  const home = homePath(session.role);
  const gated = (screen: Screen, element: ReactNode) => (
    <Route key={screen} path={SCREENS[screen].path} element={mayOpen(session.role, screen) ? element : <NoAccess home={home} />} />
  );
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Navigate to={home} replace />} />
        {gated('worklist', <Worklist />)}
        {gated('case', <CaseScreen />)}
        {gated('hospital', <Hospital />)}
        {gated('quality', <Quality />)}
        {gated('assessment', <Assessment />)}
        {gated('operations', <Operations />)}
        <Route path="/innlogging/tilbake" element={<Navigate to={home} replace />} />
        <Route path="*" element={<Navigate to={home} replace />} />
      </Routes>
    </Shell>
  );
};
