import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startApp, type RunningApp } from '#libs/testing/running-api.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = `${REPO}.local/screenshots`;

export interface Stack {
  readonly app: RunningApp;
  readonly worker: ChildProcess;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** The built API serving the built web app, its worker (projections), on a fresh database; Debian's Chromium. */
export const startStack = async (env: Record<string, string> = {}): Promise<Stack> => {
  const queuePrefix = `web${randomBytes(4).toString('hex')}`;
  const shared = { WEB_DIR: `${REPO}apps/web/dist`, QUEUE_PREFIX: queuePrefix, ...env };
  const app = await startApp(shared, 'overgang_web');
  const worker = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
    cwd: REPO,
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...shared, DATABASE_URL: app.database.url },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  return {
    app,
    worker,
    browser,
    close: async () => {
      await browser.close();
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
      await app.close();
    },
  };
};

/** axe-core over the page: the WCAG 2.1 A and AA rules. */
export const axeViolations = async (page: Page) => {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
};

export const signInAs = async (page: Page, baseUrl: string, identity: string): Promise<void> => {
  await page.goto(`${baseUrl}/`);
  if (await page.getByRole('button', { name: 'Logg ut' }).isVisible()) await page.getByRole('button', { name: 'Logg ut' }).click();
  await page.getByRole('radio', { name: identity }).check();
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByRole('button', { name: 'Logg ut' }).waitFor();
};

/**
 * What the app used to show that people should never read: the API's English problems, programming errors,
 * technical names and versions, and numbers formatted the English way.
 */
export const FORBIDDEN_TEXT: readonly (string | RegExp)[] = [
  'Failed to fetch',
  'TypeError',
  'The role',
  'may not',
  'must not',
  'must be',
  'Invalid input',
  'Not allowed',
  'Not found',
  'Refused by a domain rule',
  'The case has changed',
  'Internal error',
  'Service unavailable',
  'Too many requests',
  'AllocationAssessment',
  'regelversjon',
  /\bVersjon \d/,
  '(month:',
  '(municipality:',
  'Sykehus: *',
  'undefined',
  'NaN',
  '[object Object]',
  '⚠', // Observable Plot's mark for a chart it thinks is wrong
  /\bHTTP \d{3}\b/,
  /\b\d{1,3}(,\d{3})+\b/, // 2,000,000
  /\b\d{9}\b/, // a bare organisation number
  /\b(Loading|Submit|Cancel|Previous|Next page|Show more|Error)\b/,
];

/** The visible text of the page, charts included. */
export const visibleText = (page: Page): Promise<string> =>
  page.evaluate(() => `${document.body.innerText}\n${[...document.querySelectorAll('svg text')].map((node) => node.textContent).join('\n')}`);

export const englishOn = async (page: Page): Promise<string[]> => {
  const text = await visibleText(page);
  return FORBIDDEN_TEXT.filter((pattern) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text))).map(String);
};

/** Console errors and warnings (React's key warnings among them) and uncaught errors, as they happen. */
export const watchConsole = (page: Page): { messages: string[]; expectNetworkError(status: number): void } => {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') messages.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
  return {
    messages,
    // The browser logs every 4xx a request answers; a step that provokes one on purpose takes its line back.
    expectNetworkError: (status) => {
      const index = messages.findIndex((line) => line.includes(`status of ${status}`));
      if (index >= 0) messages.splice(index, 1);
    },
  };
};
