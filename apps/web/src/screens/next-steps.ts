import type { CaseRead } from '../api/types';
import type { Role } from '../auth/session';
import { formatDate } from '../format/format';
import { SERVICE_TYPE, label } from '../format/labels';

/** One thing to do next on a case: what, in plain words, and the action that does it (when this role has one). */
export interface NextStep {
  readonly text: string;
  readonly command?: string;
}

/**
 * The next steps for this role on the case as it stands, most pressing first. The one place the case page learns
 * what comes next: today read from the case's state here; the API's decider-based steps replace this function.
 */
export const nextSteps = (view: CaseRead, role: Role): NextStep[] => {
  if (view.status === 'withdrawn') return [{ text: 'Saken er avmeldt. Det er ingenting mer å gjøre.' }];
  const decision = view.latestDecision;
  if (view.status === 'transferred') {
    if (role !== 'allocation_officer') return [{ text: 'Pasienten er overført. Saken er avsluttet for sykehuset.' }];
    return view.latestFollowUp
      ? [{ text: 'Pasienten er overført og oppfølgingen er registrert. Registrer en ny oppfølging ved behov.', command: 'follow-up' }]
      : [{ text: 'Pasienten er overført. Følg opp om tjenesten passer, og registrer oppfølgingen.', command: 'follow-up' }];
  }
  if (role === 'hospital_staff') {
    const steps: NextStep[] = [];
    if (decision) {
      steps.push({
        text: `Kommunen har fattet vedtak: ${label(SERVICE_TYPE, decision.serviceType).toLowerCase()} fra ${formatDate(decision.startDate)}. Registrer overføringen når pasienten har reist.`,
        command: 'transfer',
      });
    } else if (view.readySince) {
      steps.push({ text: 'Pasienten er meldt utskrivningsklar. Kommunen svarer og fatter vedtak; du trenger ikke gjøre noe nå.' });
    } else {
      steps.push({ text: 'Meld pasienten utskrivningsklar når alle vilkårene i § 9 er oppfylt.', command: 'readiness' });
    }
    if (!view.hospitalRecommendation && !decision) steps.push({ text: 'Gi gjerne sykehusets anbefaling om tjeneste.', command: 'recommendation' });
    return steps;
  }
  if (role !== 'allocation_officer') return [];
  if (decision) {
    return [{ text: `Vedtak er fattet: ${label(SERVICE_TYPE, decision.serviceType).toLowerCase()} fra ${formatDate(decision.startDate)}. Registrer overføringen når pasienten har flyttet.`, command: 'transfer' }];
  }
  const steps: NextStep[] = [];
  const ready = view.readySince !== null;
  if (ready && !view.municipalResponse) steps.push({ text: 'Pasienten er utskrivningsklar. Svar sykehuset om kommunen kan ta imot (§ 11).', command: 'response' });
  const conducted = view.visits.some((visit) => visit.conductedAt);
  const scheduled = view.visits.some((visit) => !visit.conductedAt);
  if (view.openPresentation) {
    steps.push({ text: 'Alternativene er lagt fram. Registrer hva brukeren valgte.', command: 'choice' });
  } else if (view.latestChoice) {
    steps.push({ text: `Brukeren har valgt ${label(SERVICE_TYPE, view.latestChoice.serviceType).toLowerCase()}. Fatt vedtak.`, command: 'decide' });
  } else if (conducted) {
    steps.push({ text: 'Besøket er gjennomført. Legg fram de reelle alternativene med konsekvenser for brukeren.', command: 'options' });
  } else if (scheduled) {
    steps.push({ text: 'Besøket er planlagt. Registrer det når det er gjennomført.', command: 'record-visit' });
  } else {
    steps.push({ text: 'Snakk med pasienten før vedtaket: planlegg et besøk på sykehuset.', command: 'schedule-visit' });
  }
  if (!ready) steps.push({ text: 'Sykehuset har ikke meldt pasienten utskrivningsklar ennå.' });
  return steps;
};
