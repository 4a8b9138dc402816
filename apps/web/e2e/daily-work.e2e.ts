import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import { demoCases } from '#libs/sample-data/demo-cases.js';
import { seedDemoCase } from '#libs/sample-data/seed-over-http.js';
import { yearOfCases } from '#libs/sample-data/year-of-cases.js';
import { axeViolations, englishOn, SCREENSHOTS, signInAs, startStack, watchConsole, type Stack } from './stack';

/**
 * Each role's daily work in Debian's Chromium against the real API, worker and database, at 1280 px and on a phone
 * (390 px). Every screen: no horizontal page overflow, no English or technical text, no console error or warning,
 * no WCAG 2.1 A/AA violation (axe), and a screenshot in .local/screenshots/.
 */
const ST_OLAVS = '974749025';
const HOSPITAL = 'Sykehuspersonell, St. Olavs hospital';
const OFFICER = 'Saksbehandler, tildelingskontoret i Trondheim';
const AUDITOR = 'Kvalitetsrevisor (alle kommuner)';
const HOUR_MS = 3600_000;

let stack: Stack;
let base: string;

interface Viewer {
  readonly page: Page;
  readonly width: number;
  readonly console: ReturnType<typeof watchConsole>;
}

const open = async (browser: Browser, width: number): Promise<Viewer> => {
  const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo', viewport: { width, height: width < 600 ? 844 : 900 } });
  const page = await context.newPage();
  return { page, width, console: watchConsole(page) };
};

/** Every screen passes the same checks and leaves a screenshot. */
const screen = async ({ page, width, console }: Viewer, name: string): Promise<void> => {
  await page.waitForLoadState('networkidle');
  const { scrollWidth, viewport } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(scrollWidth, `horizontal overflow on ${name} at ${width} px`).toBeLessThanOrEqual(viewport);
  expect(await englishOn(page), `English or technical text on ${name} at ${width} px`).toEqual([]);
  expect(console.messages, `console on ${name} at ${width} px`).toEqual([]);
  expect(await axeViolations(page), `axe on ${name} at ${width} px`).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
};

const timeline = (page: Page) => page.getByTestId('timeline');
const recorded = (page: Page) => page.getByTestId('recorded');

/** Opens the action the next-step panel points to first. */
const doNextStep = async (page: Page, expected: RegExp): Promise<void> => {
  await expect.poll(() => page.getByTestId('next-steps').textContent()).toMatch(expected);
  await page.getByRole('button', { name: /^Gjør det nå/ }).click();
  await page.getByTestId('command-form').waitFor();
};
const openAction = async (page: Page, title: string): Promise<void> => {
  await page.getByTestId('actions').getByRole('button', { name: title, exact: true }).click();
  await page.getByTestId('command-form').waitFor();
};

const post = async (role: 'hospital_staff' | 'allocation_officer', org: string, path: string, body: unknown) => {
  const token = await stack.app.token(role, org);
  const response = await fetch(`${base}/api/v1/cases${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as { caseId: string; revision: number };
};

/** Until every projection has caught up with what was recorded (as GET /health reports it). */
const projectionsCaughtUp = async (): Promise<void> => {
  for (let attempt = 0; attempt < 120; attempt++) {
    const health = (await (await fetch(`${base}/health`)).json()) as { projections: { eventsBehind: number }[] | null };
    const projections = health.projections ?? [];
    if (projections.length > 0 && projections.every((projection) => projection.eventsBehind === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the projections did not catch up within 60 s');
};

/** The named scenarios and every fourth case of the sample year, through the API as the hospitals and offices would. */
const seed = async (): Promise<void> => {
  const target = { base: `${base}/api/v1`, tokenFor: (role: 'hospital_staff' | 'allocation_officer', org: string) => stack.app.token(role, org) };
  const scenarios = demoCases();
  const lastHour = Math.max(...scenarios.flatMap((demo) => demo.steps.map((step) => step.atHour)));
  const planned = [
    ...scenarios.map((demo, index) => ({ demo, admittedAt: Date.now() - (lastHour + 2) * HOUR_MS - index * 26 * HOUR_MS, hourScale: 1 })),
    ...yearOfCases()
      .filter((_, index) => index % 4 === 0)
      .map(({ demo, admittedDaysAgo, hourScale }) => ({ demo, admittedAt: Date.now() - admittedDaysAgo * 24 * HOUR_MS, hourScale })),
  ];
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < planned.length) {
        const { demo, admittedAt, hourScale } = planned[next++]!;
        await seedDemoCase(target, demo, admittedAt, hourScale);
      }
    }),
  );
  await projectionsCaughtUp();
};

let wide: Viewer;
let phone: Viewer;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  stack = await startStack();
  base = stack.app.baseUrl;
  await seed();
  wide = await open(stack.browser, 1280);
  phone = await open(stack.browser, 390);
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('the web app in Chromium, against the real API', () => {
  let caseId = '';

  it('is the production build, with no inline script', async () => {
    const html = await (await fetch(`${base}/`)).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const scripts = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const loaded: string[] = [];
    wide.page.on('response', (response) => {
      if (response.request().resourceType() === 'script') loaded.push(response.url());
    });
    await wide.page.goto(`${base}/`);
    await wide.page.getByRole('radio').first().waitFor();
    for (const url of new Set([...scripts.map((src) => new URL(src, base).href), ...loaded])) {
      const body = await (await fetch(url)).text();
      expect(body, url).not.toMatch(/jsxDEV|jsx-dev-runtime|Download the React DevTools/);
    }
    await screen(wide, '01-logg-inn');
  });

  it('hospital: signs in by keyboard, is told what to fix in one summary, notifies an admission, declares readiness', async () => {
    const { page } = wide;
    await page.goto(`${base}/`);
    await page.getByRole('radio').first().waitFor();
    // By keyboard alone: Tab to the first identity (St. Olavs), Space to pick it, Tab to the button, Enter.
    for (let presses = 0; presses < 30 && (await page.evaluate(() => document.activeElement?.getAttribute('type'))) !== 'radio'; presses++) await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    for (let presses = 0; presses < 30 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Logg inn'; presses++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'St. Olavs hospital', level: 1 }).waitFor();
    await screen(wide, '02-sykehus');

    await page.getByRole('button', { name: 'Ny innleggelsesmelding' }).click();
    // The hospital comes from the sign-in, read-only.
    expect(await page.getByTestId('admission-form').textContent()).toContain('974 749 025');
    expect(await page.getByLabel('Sykehusets navn').count()).toBe(0);
    await page.getByLabel('Fødselsnummer eller D-nummer').fill('12345678901');
    await page.getByRole('button', { name: 'Send melding' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('ds-error-summary');
    expect(await summary.textContent()).toContain('Kontrollsifrene stemmer ikke');
    expect(await summary.textContent()).toContain('Velg kommune');
    await summary.getByRole('link', { name: 'Velg kommune' }).click();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    await screen(wide, '03-sykehus-feil');

    await page.getByLabel('Fødselsnummer eller D-nummer').fill(syntheticNationalId({ birthDate: '1941-05-17', individualNumber: 123 }));
    await page.getByLabel('Pasientens navn').fill('Kari Testesen');
    await page.getByLabel('Avdeling').fill('Medisinsk klinikk');
    await page.getByLabel('Pasientens oppholdskommune').selectOption('5001');
    await page.getByLabel('Forventede behov etter utskrivning').fill('Hjelp i hjemmet, mulig korttidsopphold');
    await page.getByRole('button', { name: 'Send melding' }).click();
    await page.waitForURL(/\/saker\//);
    caseId = new URL(page.url()).pathname.split('/saker/')[1]!;
    await timeline(page).getByText('Innleggelse meldt').waitFor();

    await doNextStep(page, /Meld pasienten utskrivningsklar/);
    for (const letter of ['a', 'b']) await page.getByRole('checkbox', { name: new RegExp(`^${letter}\\)`) }).check();
    await page.getByRole('button', { name: 'Meld utskrivningsklar' }).click();
    await page.getByTestId('error-summary').waitFor();
    // The § 9 problem is said once in the summary and once on its fieldset, not under every box.
    expect(await page.getByText(/Alle fire vilkårene i § 9/).count()).toBe(2);
    for (const letter of ['c', 'd']) await page.getByRole('checkbox', { name: new RegExp(`^${letter}\\)`) }).check();
    await page.getByRole('button', { name: 'Meld utskrivningsklar' }).click();
    await recorded(page).waitFor();
    expect(await recorded(page).textContent()).toMatch(/Registrert: Pasienten meldt utskrivningsklar kl\. \d{2}\.\d{2}.*Neste steg: .*Kommunen svarer/);
    // The form is closed, nothing else opened in its place (never "Trekke tilbake utskrivningsklar").
    expect(await page.getByTestId('command-form').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('handling')).toBeNull();
    await timeline(page).getByText('Meldt utskrivningsklar').waitFor();
    await screen(wide, '04-sak-sykehus');
  });

  it('office: the queue sorted in the URL, then response, visit, options, choice, decision and transfer led by the next step', async () => {
    const { page } = wide;
    await signInAs(page, base, OFFICER);
    await page.goto(`${base}/arbeidsliste`);
    await page.getByTestId('case-table').getByRole('link').first().waitFor();
    await screen(wide, '05-arbeidsliste');
    await page.getByRole('button', { name: 'Dager utskrivningsklar' }).click();
    await page.waitForURL(/sortering=dager/);
    await page.reload();
    expect(await page.getByLabel('Sorter etter').inputValue()).toBe('dager:synkende');

    await page.goto(`${base}/saker/${caseId}`);
    await doNextStep(page, /Svar sykehuset om kommunen kan ta imot/);
    await screen(wide, '06-sak-skjema');
    await page.getByLabel('Kan kommunen ta imot pasienten?').selectOption('yes');
    await page.getByRole('button', { name: 'Send svar' }).click();
    await recorded(page).waitFor();
    expect(await recorded(page).textContent()).toMatch(/Registrert: Kommunens svar.*Neste steg: Snakk med pasienten/);

    await openAction(page, 'Registrere gjennomført besøk');
    await page.getByRole('checkbox', { name: 'Pasienten selv' }).check();
    await page.getByLabel('Informasjon som ble gitt').fill('Gjennomgikk hjemmetjeneste og korttidsopphold');
    await page.getByRole('button', { name: 'Registrer besøk' }).click();
    await timeline(page).getByText('Besøk gjennomført').waitFor();

    await doNextStep(page, /Legg fram de reelle alternativene/);
    await page.getByLabel('Hvordan alternativene ble lagt fram').selectOption('in_dialogue');
    await page.getByLabel('I hvilket besøk').selectOption({ index: 1 });
    await page.getByLabel('Alternativ 1: tjeneste').selectOption('home_care');
    await page.getByLabel('Alternativ 1: beskrivelse').fill('Hjemmesykepleie to ganger daglig');
    await page.getByLabel('Alternativ 1: konsekvenser for brukeren').fill('Hjemme raskt, men alene om natten');
    await page.getByLabel('Alternativ 2: tjeneste').selectOption('short_term_stay');
    await page.getByLabel('Alternativ 2: beskrivelse').fill('Korttidsopphold i tre uker');
    await page.getByLabel('Alternativ 2: konsekvenser for brukeren').fill('Tilsyn døgnet rundt, men borte fra hjemmet');
    await page.getByRole('button', { name: 'Legg fram alternativene' }).click();
    await timeline(page).getByText('Alternativer lagt fram').waitFor();

    await doNextStep(page, /Registrer hva brukeren valgte/);
    await page.getByLabel('Valgt alternativ').selectOption({ index: 2 });
    await page.getByRole('button', { name: 'Registrer valget' }).click();
    await timeline(page).getByText('Brukerens valg registrert').waitFor();

    await doNextStep(page, /Brukeren har valgt korttidsopphold/);
    await page.getByLabel('Tjeneste', { exact: true }).selectOption('home_care');
    await expect.poll(() => page.getByLabel('Hvorfor vedtaket avviker fra brukerens valg').isVisible()).toBe(true);
    await page.getByLabel('Tjeneste', { exact: true }).selectOption('short_term_stay');
    await page.getByLabel('Begrunnelse', { exact: true }).fill('Brukerens valg, tilsyn trengs');
    await page.getByRole('button', { name: 'Fatt vedtak' }).click();
    await timeline(page).getByText('Vedtak fattet').waitFor();

    await doNextStep(page, /Registrer overføringen/);
    await page.getByRole('button', { name: 'Registrer overføring' }).click();
    await timeline(page).getByText('Pasienten overført').waitFor();
    await screen(wide, '07-sak-kontor');
  });

  it('a stale edit answers 412: the case reloads and what the user typed stays', async () => {
    const { page } = wide;
    await doNextStep(page, /Følg opp om tjenesten passet|registrer oppfølgingen/i);
    await page.getByLabel('Passet tjenesten?').selectOption('service_fits');
    await page.getByLabel('Notater (valgfritt)').fill('Mine notater');
    await post('allocation_officer', '5001', `/${caseId}/follow-up`, { outcome: 'service_changed' });
    await page.getByRole('button', { name: 'Registrer oppfølging' }).click();
    await page.getByText('Noen andre har endret saken').waitFor();
    wide.console.expectNetworkError(412);
    expect(await page.getByLabel('Notater (valgfritt)').inputValue()).toBe('Mine notater');
    await screen(wide, '08-sak-412');
    await page.getByRole('button', { name: 'Registrer oppfølging' }).click();
    await recorded(page).waitFor();
  });

  it('auditor: the report, grouped by hospital, drill-down in the URL with paging, Back, and the evidence without names', async () => {
    const { page } = wide;
    await signInAs(page, base, AUDITOR);
    await page.goto(`${base}/kvalitet`);
    await page.getByTestId('levels-table').waitFor();
    await screen(wide, '09-kvalitet');
    await page.getByLabel('Grupper etter').selectOption('hospital');
    await page.waitForURL(/gruppering=sykehus/);
    await expect.poll(() => page.getByTestId('levels-table').textContent()).toContain('St. Olavs hospital');
    await screen(wide, '10-kvalitet-sykehus');

    await page.getByRole('link', { name: 'Vis vedtak for Brukerperspektiv' }).click();
    await page.waitForURL(/utvalg=trinn%3Abrukerperspektiv|utvalg=trinn:brukerperspektiv/);
    const rows = page.getByTestId('decision-table').locator('tbody tr');
    expect(await rows.count()).toBe(25);
    const dates = await page.getByTestId('decision-table').locator('tbody tr td:first-child').allTextContents();
    expect(dates.length).toBe(25);
    await page.getByRole('button', { name: 'Neste side' }).click();
    await page.waitForURL(/side=2/);
    await screen(wide, '11-kvalitet-vedtak');
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('side'));
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('utvalg'));
    await page.getByTestId('levels-table').waitFor();

    await page.getByRole('link', { name: 'Vis vedtak for Innflytelse' }).click();
    await page.getByTestId('decision-table').getByRole('link').first().click();
    await page.getByTestId('assessment-level').waitFor();
    expect(await page.getByTestId('assessment-level').textContent()).toBe('Innflytelse');
    expect(await page.content()).not.toContain('Kari Testesen');
    await screen(wide, '12-vurdering');
  });

  it('a written-notice case ends as deltakelse', async () => {
    const { page } = wide;
    const nationalId = syntheticNationalId({ birthDate: '1938-02-03', individualNumber: 45 });
    const opened = await post('hospital_staff', ST_OLAVS, '', {
      patient: { nationalId, name: 'Ola Skriftlig' },
      hospital: { orgNumber: ST_OLAVS, name: 'St. Olavs hospital', department: 'Geriatri' },
      municipalityCode: '5001',
      admittedAt: new Date(Date.now() - 3 * HOUR_MS).toISOString(),
      expectedNeeds: 'Hjemmetjeneste',
    });
    await post('hospital_staff', ST_OLAVS, `/${opened.caseId}/discharge-readiness`, {
      criteria: { admissionProblemsClarified: true, otherProblemsClarified: true, diagnosisAndPlanSettled: true, functionalLevelAssessed: true },
    });
    await post('allocation_officer', '5001', `/${opened.caseId}/decisions`, {
      serviceType: 'home_care',
      startDate: new Date().toISOString().slice(0, 10),
      rationale: 'På grunnlag av sykehusets melding',
    });
    await projectionsCaughtUp();
    await page.goto(`${base}/kvalitet?utvalg=niva:deltakelse`);
    await page.getByTestId('decision-table').getByRole('link').first().click();
    await page.getByTestId('assessment-level').waitFor();
    expect(await page.getByTestId('assessment-level').textContent()).toBe('Deltakelse');
    expect(await page.content()).not.toContain('Ola Skriftlig');
  });

  it('a screen a role may not use says so in bokmål, with no half-working form', async () => {
    const { page } = wide;
    await page.goto(`${base}/sykehus`);
    await page.getByTestId('no-access').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Du har ikke tilgang til denne siden');
    expect(await page.locator('form').count()).toBe(0);
    await screen(wide, '13-ingen-tilgang');
    await signInAs(page, base, HOSPITAL);
    await page.goto(`${base}/kvalitet`);
    await page.getByTestId('no-access').waitFor();
    await page.goto(`${base}/arbeidsliste`);
    await page.getByTestId('no-access').waitFor();
  });

  it('says plainly when the server reports that the figures lag', async () => {
    const { page } = wide;
    await page.route('**/health', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ status: 'degraded', projections: [{ projection: 'case_summary', secondsBehind: 720, eventsBehind: 4000 }] }),
      }),
    );
    await page.goto(`${base}/sykehus`);
    await expect.poll(() => page.getByTestId('health-banner').textContent()).toMatch(/^Tallene kan være forsinket\..*12 minutter/);
    await screen(wide, '14-forsinket');
    await page.unroute('**/health');
    await phone.page.route('**/health', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ status: 'degraded', projections: [{ projection: 'liability', secondsBehind: 0, failingCases: 2 }] }) }));
    await phone.page.goto(`${base}/`);
    await phone.page.getByRole('radio').first().waitFor();
    await signInAs(phone.page, base, AUDITOR);
    await expect.poll(() => phone.page.getByTestId('health-banner').textContent()).toMatch(/2 saker kan ikke oppdateres/);
    await screen(phone, '14-forsinket');
    await phone.page.unroute('**/health');
  });

  it('on a phone (390 px): every role\'s daily tasks, in cards and one column', async () => {
    const { page } = phone;
    await page.goto(`${base}/`);
    if (await page.getByRole('button', { name: 'Logg ut' }).isVisible()) await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.getByRole('radio').first().waitFor();
    await screen(phone, '01-logg-inn');
    await signInAs(page, base, HOSPITAL);
    await page.getByTestId('case-table-cards').waitFor();
    await screen(phone, '02-sykehus');
    await page.getByRole('button', { name: 'Ny innleggelsesmelding' }).click();
    await page.getByRole('button', { name: 'Send melding' }).click();
    await page.getByTestId('error-summary').waitFor();
    await screen(phone, '03-sykehus-feil');
    await page.getByLabel('Fødselsnummer eller D-nummer').fill(syntheticNationalId({ birthDate: '1944-08-09', individualNumber: 212 }));
    await page.getByLabel('Pasientens navn').fill('Per Mobil');
    await page.getByLabel('Avdeling').fill('Ortopedi');
    await page.getByLabel('Pasientens oppholdskommune').selectOption('5001');
    await page.getByLabel('Forventede behov etter utskrivning').fill('Korttidsopphold');
    await screen(phone, '03-sykehus-skjema');
    await page.getByRole('button', { name: 'Send melding' }).click();
    await page.waitForURL(/\/saker\//);
    const phoneCase = new URL(page.url()).pathname.split('/saker/')[1]!;
    await doNextStep(page, /Meld pasienten utskrivningsklar/);
    for (const letter of ['a', 'b', 'c', 'd']) await page.getByRole('checkbox', { name: new RegExp(`^${letter}\\)`) }).check();
    await page.getByRole('button', { name: 'Meld utskrivningsklar' }).click();
    await recorded(page).waitFor();
    await screen(phone, '04-sak-sykehus');

    await signInAs(page, base, OFFICER);
    await page.getByTestId('case-table-cards').waitFor();
    await screen(phone, '05-arbeidsliste');
    await page.goto(`${base}/saker/${phoneCase}`);
    await doNextStep(page, /Svar sykehuset/);
    await screen(phone, '06-sak-skjema');
    await page.getByLabel('Kan kommunen ta imot pasienten?').selectOption('yes');
    await page.getByRole('button', { name: 'Send svar' }).click();
    await recorded(page).waitFor();
    await screen(phone, '07-sak-kontor');
    await page.goto(`${base}/sykehus`);
    await page.getByTestId('no-access').waitFor();
    await screen(phone, '13-ingen-tilgang');

    await signInAs(page, base, AUDITOR);
    await page.getByTestId('levels-table').waitFor();
    await screen(phone, '09-kvalitet');
    await page.getByRole('link', { name: 'Vis vedtak for Deltakelse' }).click();
    await page.getByTestId('decision-table-cards').waitFor();
    await screen(phone, '11-kvalitet-vedtak');
    await page.getByTestId('decision-table-cards').getByRole('link').first().click();
    await page.getByTestId('assessment-level').waitFor();
    await screen(phone, '12-vurdering');
  });
});
