import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import { axeViolations, SCREENSHOTS, signInAs, startStack, type Stack } from './stack';

const ST_OLAVS = '974749025';
let stack: Stack;
let page: Page;
let base: string;
const checked: string[] = [];

/** Every screen: axe finds nothing, and a screenshot is kept. */
const screen = async (name: string): Promise<void> => {
  await page.waitForLoadState('networkidle');
  expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  checked.push(name);
};

const tabUntil = async (focused: () => boolean): Promise<void> => {
  for (let presses = 0; presses < 30; presses++) {
    if (await page.evaluate(focused)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('nothing reachable by Tab matched');
};

const timeline = () => page.getByTestId('timeline');
const openTab = (name: string) => page.getByRole('tab', { name }).click();

const api = async (role: 'hospital_staff' | 'allocation_officer', org: string, path: string, body: unknown, ifMatch?: number) => {
  const token = await stack.app.token(role, org);
  const response = await fetch(`${base}/api/v1/cases${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }) },
    body: JSON.stringify(body),
  });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as { caseId: string; revision: number; decisionId?: string };
};

/** As the auditor: drill from the Kvalitet tables to the decisions of a level and open the first. */
const auditorOpensDecision = async (level: 'Innflytelse' | 'Deltakelse'): Promise<void> => {
  for (let attempt = 0; attempt < 40; attempt++) {
    await page.goto(`${base}/kvalitet`);
    await page.getByTestId('levels-table').waitFor();
    const button = page.getByRole('button', { name: `Vis vedtak for ${level}` });
    await button.click();
    if ((await page.getByTestId('decision-table').getByRole('link').count()) > 0) break;
    await page.waitForTimeout(500); // the projection catches up
  }
  await page.getByTestId('decision-table').getByRole('link').first().click();
  await page.getByTestId('assessment-level').waitFor();
};

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  stack = await startStack();
  base = stack.app.baseUrl;
  const context = await stack.browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await stack?.close();
});

describe('the web app in Chromium, against the real API', () => {
  let caseId = '';

  it('hospital: signs in by keyboard alone, notifies an admission with checked identifiers, declares readiness', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('radio').first().waitFor();
    await screen('01-logg-inn');
    // By keyboard alone: Tab to the first identity (St. Olavs), Space to pick it, Tab to the button, Enter.
    await tabUntil(() => document.activeElement?.getAttribute('type') === 'radio');
    await page.keyboard.press('Space');
    await tabUntil(() => document.activeElement?.textContent === 'Logg inn');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Sykehus/ }).waitFor();

    await page.getByLabel('Fødselsnummer eller D-nummer').fill('12345678901');
    await page.getByLabel('Pasientens navn').fill('Kari Testesen');
    await page.getByLabel('Avdeling').fill('Medisinsk klinikk');
    await page.getByLabel('Pasientens oppholdskommune').selectOption('5001');
    await page.getByLabel('Forventede behov etter utskrivning').fill('Hjelp i hjemmet, mulig korttidsopphold');
    await page.getByRole('button', { name: 'Send melding' }).click();
    await expect.poll(() => page.getByText('Kontrollsifrene stemmer ikke').isVisible()).toBe(true);
    await screen('02-sykehus');

    await page.getByLabel('Fødselsnummer eller D-nummer').fill(syntheticNationalId({ birthDate: '1941-05-17', individualNumber: 123 }));
    await page.getByRole('button', { name: 'Send melding' }).click();
    await page.waitForURL(/\/saker\//);
    caseId = page.url().split('/saker/')[1]!;
    await timeline().getByText('Innleggelse meldt').waitFor();

    for (const letter of ['a', 'b', 'c', 'd']) await page.getByRole('checkbox', { name: new RegExp(`^${letter}\\)`) }).check();
    await page.getByRole('button', { name: 'Meld utskrivningsklar' }).click();
    await timeline().getByText('Meldt utskrivningsklar').waitFor();
    await screen('03-sak-sykehus');
  });

  it('office: visit with the user, options with consequences, choice, decision, transfer', async () => {
    await signInAs(page, base, 'Saksbehandler, tildelingskontoret i Trondheim');
    await page.goto(`${base}/arbeidsliste`);
    await page.getByTestId('case-table').getByRole('link').first().waitFor();
    await screen('04-arbeidsliste');

    await page.goto(`${base}/saker/${caseId}`);
    await openTab('Registrere gjennomført besøk');
    await page.getByRole('checkbox', { name: 'Pasienten selv' }).check();
    await page.getByLabel('Informasjon som ble gitt').fill('Gjennomgikk hjemmetjeneste og korttidsopphold');
    await page.getByRole('button', { name: 'Registrer besøk' }).click();
    await timeline().getByText('Besøk gjennomført').waitFor();

    await openTab('Legge fram alternativer');
    await page.getByLabel('Hvordan alternativene ble lagt fram').selectOption('in_dialogue');
    await page.getByLabel('I hvilket besøk').selectOption({ index: 1 });
    await page.getByLabel('Alternativ 1: tjeneste').selectOption('home_care');
    await page.getByLabel('Alternativ 1: beskrivelse').fill('Hjemmesykepleie to ganger daglig');
    await page.getByLabel('Alternativ 1: konsekvenser for brukeren').fill('Hjemme raskt, men alene om natten');
    await page.getByLabel('Alternativ 2: tjeneste').selectOption('short_term_stay');
    await page.getByLabel('Alternativ 2: beskrivelse').fill('Korttidsopphold i tre uker');
    await page.getByLabel('Alternativ 2: konsekvenser for brukeren').fill('Tilsyn døgnet rundt, men borte fra hjemmet');
    await page.getByRole('button', { name: 'Legg fram alternativene' }).click();
    await timeline().getByText('Alternativer lagt fram').waitFor();

    await openTab('Registrere brukerens valg');
    await page.getByLabel('Valgt alternativ').selectOption({ index: 2 });
    await page.getByRole('button', { name: 'Registrer valget' }).click();
    await timeline().getByText('Brukerens valg registrert').waitFor();

    await openTab('Fatte vedtak');
    await page.getByLabel('Tjeneste', { exact: true }).selectOption('home_care');
    await expect.poll(() => page.getByLabel('Hvorfor vedtaket avviker fra brukerens valg').isVisible()).toBe(true);
    await page.getByLabel('Tjeneste', { exact: true }).selectOption('short_term_stay');
    await page.getByLabel('Begrunnelse', { exact: true }).fill('Brukerens valg, tilsyn trengs');
    await page.getByRole('button', { name: 'Fatt vedtak' }).click();
    await timeline().getByText('Vedtak fattet').waitFor();

    await openTab('Registrere overføring');
    await page.getByRole('button', { name: 'Registrer overføring' }).click();
    await timeline().getByText('Pasienten overført').waitFor();
    await screen('05-sak-kontor');
  });

  it('a stale edit answers 412: the case reloads and what the user typed stays', async () => {
    await openTab('Registrere oppfølging etter overføring');
    await page.getByLabel('Passet tjenesten?').selectOption('service_fits');
    await page.getByLabel('Notater (valgfritt)').fill('Mine notater');
    await api('allocation_officer', '5001', `/${caseId}/follow-up`, { outcome: 'service_changed' });
    await page.getByRole('button', { name: 'Registrer oppfølging' }).click();
    await page.getByText('Noen andre har endret saken').waitFor();
    expect(await page.getByLabel('Notater (valgfritt)').inputValue()).toBe('Mine notater');
    await screen('06-sak-412');
    await page.getByRole('button', { name: 'Registrer oppfølging' }).click();
    await page.getByText('Registrert.', { exact: true }).waitFor();
  });

  it('auditor: finds the decision as innflytelse with its evidence, no names', async () => {
    await signInAs(page, base, 'Kvalitetsrevisor (alle kommuner)');
    await auditorOpensDecision('Innflytelse');
    expect(await page.getByTestId('assessment-level').textContent()).toBe('Innflytelse');
    await timeline().getByText('Besøk gjennomført').waitFor();
    await timeline().getByText('Alternativer lagt fram').waitFor();
    expect(await page.content()).not.toContain('Kari Testesen');
    await screen('08-vurdering-innflytelse');
    await page.goto(`${base}/kvalitet`);
    await page.getByTestId('levels-table').waitFor();
    await screen('07-kvalitet');
  });

  it('a written-notice case ends as deltakelse', async () => {
    const nationalId = syntheticNationalId({ birthDate: '1938-02-03', individualNumber: 45 });
    const opened = await api('hospital_staff', ST_OLAVS, '', {
      patient: { nationalId, name: 'Ola Skriftlig' },
      hospital: { orgNumber: ST_OLAVS, name: 'St. Olavs hospital', department: 'Geriatri' },
      municipalityCode: '5001',
      admittedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
      expectedNeeds: 'Hjemmetjeneste',
    });
    await api('hospital_staff', ST_OLAVS, `/${opened.caseId}/discharge-readiness`, {
      criteria: { admissionProblemsClarified: true, otherProblemsClarified: true, diagnosisAndPlanSettled: true, functionalLevelAssessed: true },
    });
    await api('allocation_officer', '5001', `/${opened.caseId}/decisions`, {
      serviceType: 'home_care',
      startDate: new Date().toISOString().slice(0, 10),
      rationale: 'På grunnlag av sykehusets melding',
    });
    await auditorOpensDecision('Deltakelse');
    expect(await page.getByTestId('assessment-level').textContent()).toBe('Deltakelse');
    expect(await page.content()).not.toContain('Ola Skriftlig');
    await screen('09-vurdering-deltakelse');
  });
});
