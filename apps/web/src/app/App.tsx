import { Button, Link, Paragraph, SkipLink, Spinner } from '@digdir/designsystemet-react';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { signOut, type Role } from '../auth/session';
import { useSession } from '../auth/use-session';
import { ROLE, label } from '../format/labels';
import { SignIn } from '../screens/SignIn';
import Worklist from '../screens/Worklist';

// The officer's work queue is the screen opened most, so it comes with the first load; the others are their own chunks.
const CaseScreen = lazy(() => import('../screens/CaseScreen'));
const Hospital = lazy(() => import('../screens/Hospital'));
const Quality = lazy(() => import('../screens/Quality'));
const Assessment = lazy(() => import('../screens/Assessment'));
const OidcCallback = lazy(() => import('../screens/OidcCallback'));

const HOME: Record<Role, string> = {
  allocation_officer: '/arbeidsliste',
  hospital_staff: '/sykehus',
  quality_auditor: '/kvalitet',
  admin: '/drift',
};

const NAV: Record<Role, { to: string; text: string }[]> = {
  allocation_officer: [{ to: '/arbeidsliste', text: 'Arbeidsliste' }, { to: '/kvalitet', text: 'Kvalitet' }],
  hospital_staff: [{ to: '/sykehus', text: 'Sykehus' }],
  quality_auditor: [{ to: '/kvalitet', text: 'Kvalitet' }],
  admin: [{ to: '/drift', text: 'Drift' }],
};

const Loading = () => (
  <Spinner aria-label="Laster …" data-size="lg" />
);

const Admin = () => (
  <div className="stack">
    <h1>Drift</h1>
    <Paragraph>
      Driftsverktøy: <Link href="/health">helsesjekk</Link>, <Link href="/metrics">målinger</Link>,{' '}
      <Link href="/admin/queues/login">køer (Bull Board)</Link> og <Link href="/docs">API-dokumentasjon</Link>.
    </Paragraph>
  </div>
);

const Shell = ({ children }: { children: ReactNode }) => {
  const session = useSession();
  return (
    <>
      <SkipLink href="#innhold">Hopp til hovedinnhold</SkipLink>
      <header className="app-header">
        <strong>Overgang</strong>
        {session && (
          <nav aria-label="Hovedmeny">
            <ul>
              {NAV[session.role].map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.text}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {session && (
          <div className="row">
            <Paragraph data-size="sm">
              {session.name ?? label(ROLE, session.role)} · {label(ROLE, session.role)} · {session.org}
            </Paragraph>
            <Button variant="secondary" data-size="sm" onClick={signOut}>
              Logg ut
            </Button>
          </div>
        )}
      </header>
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
  const role = session.role;
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Navigate to={HOME[role]} replace />} />
        <Route path="/arbeidsliste" element={<Worklist />} />
        <Route path="/saker/:caseId" element={<CaseScreen />} />
        <Route path="/sykehus" element={<Hospital />} />
        <Route path="/kvalitet" element={<Quality />} />
        <Route path="/kvalitet/vedtak/:caseId/:decisionId" element={<Assessment />} />
        <Route path="/drift" element={<Admin />} />
        <Route path="/innlogging/tilbake" element={<Navigate to={HOME[role]} replace />} />
        <Route path="*" element={<Navigate to={HOME[role]} replace />} />
      </Routes>
    </Shell>
  );
};
