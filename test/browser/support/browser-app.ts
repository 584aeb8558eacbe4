import type { AddressInfo } from 'node:net';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import YAML from 'yaml';
import { startTestApp, type TestApp } from '../../e2e/support/test-app.js';

export const REPO = path.resolve(import.meta.dirname, '../../..');
export const SCREENSHOTS = path.join(REPO, 'artifacts/screenshots');
export const DOCS_SCREENSHOTS = path.join(REPO, 'docs/screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Debian's Chromium, never a downloaded one; no network but the app's own loopback port. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface BrowserApp {
  t: TestApp;
  /** http://127.0.0.1:<free port> */
  url: string;
  close(): Promise<void>;
}

/**
 * The real app (embedded PGlite in a temporary folder, real sandbox, real grading in-process) listening on a
 * free loopback port, over a copy of the course's assignments where monte-carlo-pi is measured on smaller
 * inputs and without a cooldown (the grade takes ~20 s instead of a minute), plus one broken assignment for
 * the instructor page to report.
 */
export async function startBrowserApp(): Promise<BrowserApp> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'perfgrade-browser-'));
  const assignments = path.join(root, 'assignments');
  await fs.cp(path.join(REPO, 'assignments'), assignments, { recursive: true });
  await fs.cp(path.join(REPO, 'test/fixtures/assignments/missing-field'), path.join(assignments, 'broken-example'), { recursive: true });
  const yamlFile = path.join(assignments, 'monte-carlo-pi/assignment.yaml');
  const yaml = YAML.parse(await fs.readFile(yamlFile, 'utf8'));
  yaml.benchmark = { ...yaml.benchmark, size: { n: 200_000 }, memory_size: { n: 50_000 }, rounds: 3, max_rounds: 4 };
  yaml.cases = yaml.cases.map((c: { size: { n: number } }) => ({ ...c, size: { n: Math.min(c.size.n, 100_000) } }));
  yaml.policy = { ...yaml.policy, cooldown_s: 0 };
  await fs.writeFile(yamlFile, YAML.stringify(yaml));

  const t = await startTestApp('pglite', 'browser', { ASSIGNMENTS_DIR: assignments });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return {
    t,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await t.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/** A fresh browser profile (its own cookies) at desktop width, logged in through the login form. */
export async function loggedIn(browser: Browser, app: Pick<BrowserApp, 'url'>, email: string, password: string, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  const page = await context.newPage();
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  return { context, page };
}

/** Saves the page at desktop and at phone width (the CI keeps artifacts/); returns the desktop file. */
export async function screenshots(page: Page, name: string): Promise<{ desktop: string; phone: string }> {
  await fs.mkdir(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize() ?? DESKTOP;
  const desktop = path.join(SCREENSHOTS, `${name}-desktop.png`);
  const phone = path.join(SCREENSHOTS, `${name}-phone.png`);
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: desktop, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: phone, fullPage: true });
  await page.setViewportSize(before);
  return { desktop, phone };
}

/** For the README. */
export async function publish(files: { desktop: string; phone: string }, name: string): Promise<void> {
  await fs.mkdir(DOCS_SCREENSHOTS, { recursive: true });
  await fs.copyFile(files.desktop, path.join(DOCS_SCREENSHOTS, `${name}.png`));
  await fs.copyFile(files.phone, path.join(DOCS_SCREENSHOTS, `${name}-phone.png`));
}
