import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCases } from '#libs/sample-data/demo-cases.js';
import { seedDemoCase } from '#libs/sample-data/seed-over-http.js';
import { signInAs, startStack, type Stack } from './stack';

/**
 * The built web app, the Swagger UI and Bull Board, each under the Content-Security-Policy the API sends with it
 * (api.md, Errors): every screen works, and the browser reports no violation of the policy.
 */

let stack: Stack;
let page: Page;
let base: string;
const seeded = demoCases().slice(0, 4);

/** Violations the browser reports, gathered by a script Chromium runs before the page's own (exempt from the policy). */
const violations = (): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations.splice(0));

beforeAll(async () => {
  stack = await startStack();
  base = stack.app.baseUrl;
  const target = { base: `${base}/api/v1`, tokenFor: (role: 'hospital_staff' | 'allocation_officer', org: string) => stack.app.token(role, org) };
  // A few finished cases, so the quality screen has decisions to draw.
  for (const demo of seeded) await seedDemoCase(target, demo, Date.now() - 20 * 24 * 3600_000);
  page = await stack.browser.newPage();
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) void page.evaluate((text) => (window as unknown as { cspViolations: string[] }).cspViolations.push(text), message.text()).catch(() => undefined);
  });
});

afterAll(async () => stack?.close());

describe('under its Content-Security-Policy', () => {
  it('the web app works on every screen, with no violation', async () => {
    const first = await page.goto(`${base}/`);
    expect(first!.headers()['content-security-policy']).toMatch(/script-src 'self';/);

    await signInAs(page, base, 'Saksbehandler, tildelingskontoret i Trondheim');
    await page.goto(`${base}/arbeidsliste`);
    await page.waitForLoadState('networkidle');
    await page.goto(`${base}/saker/${seeded[0]!.caseId}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await violations()).toEqual([]);

    await signInAs(page, base, 'Sykehuspersonell, St. Olavs hospital');
    await page.goto(`${base}/sykehus`);
    await page.waitForLoadState('networkidle');
    expect(await violations()).toEqual([]);

    await signInAs(page, base, 'Kvalitetsrevisor (alle kommuner)');
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page.goto(`${base}/kvalitet`);
      await page.waitForLoadState('networkidle');
      if ((await page.getByTestId('decision-table').getByRole('link').count()) > 0 || Date.now() > deadline) break;
      await page.waitForTimeout(1000);
    }
    // Observable Plot's charts are drawn, their styles included.
    expect(await page.locator('svg[class^="plot"]').count()).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
  });

  it('the Swagger UI at /docs renders the API, with no violation', async () => {
    await page.goto(`${base}/docs`);
    await page.locator('.swagger-ui .opblock').first().waitFor();
    expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(10);
    expect(await violations()).toEqual([]);
  });

  it("Bull Board's login page signs in and the dashboard shows the queue, with no violation", async () => {
    await page.goto(`${base}/admin/queues/login`);
    await page.getByLabel('Bearer-token for rollen admin').fill(await stack.app.token('admin', '*'));
    await page.getByRole('button', { name: 'Åpne Bull Board' }).click();
    await page.waitForURL(`${base}/admin/queues`);
    await page.getByText('overgang-deadlines').first().waitFor();
    // Bull Board's page links Google's web fonts; the policy keeps an admin's browser from fetching them (it falls
    // back to the system's fonts), and that is the one violation expected.
    expect((await violations()).filter((violation) => !violation.includes('https://fonts.googleapis.com/'))).toEqual([]);
  });
});
