// End to end: an app update. Two builds that differ only in their build marker (VITE_APP_BUILD) are
// served in turn at one origin. The first visit caches build A; on the next visit, with B on the
// server, the old worker serves A whole, B installs beside it, takes over and the page reloads
// once into B: every script, wasm binary and data pack the page then loads is in B's precache
// manifest, and the cache holds nothing of A's. Then, with an update waiting while a training run
// is paused, the page does not reload: the badge says the update applies when training ends, and
// the page reloads into it only after the run finished.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './launch.ts';

const run = promisify(execFile);
const root = join(tmpdir(), `tsl-update-${process.pid}`);
const BUILDS = { a: 'update-a', b: 'update-b' } as const;
const dir = (build: string) => join(root, build);

/** Every URL (relative to the app's root) in a build's generated service worker's precache list. */
function precacheList(build: string): Set<string> {
  const sw = readFileSync(join(dir(build), 'sw.js'), 'utf8');
  return new Set([...sw.matchAll(/["']?url["']?\s*:\s*["']([^"']+)["']/g)].map((m) => m[1]!));
}

interface Served {
  port: number;
  close(): Promise<void>;
}

/** `vite preview` of one build (the app's own headers: isolation and CSP) on the given port. */
async function serve(build: string, port = 0): Promise<Served> {
  const server = await preview({ build: { outDir: dir(build) }, preview: { port, strictPort: port !== 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { port: Number(new URL(url).port), close: () => server.close() };
}

/** The app's files a page asked for: its scripts (page and workers), wasm binaries and data packs. */
const isAppFile = (path: string) => /\.(js|wasm|bin)$/.test(path);

let browser: Browser;
let context: BrowserContext;
let page: Page;
let served: Served;
let origin: string;
let lists: { a: Set<string>; b: Set<string> };
/** Every response the context saw, with how many page loads of the main frame had begun by then. */
const responses: { path: string; load: number; fromServiceWorker: boolean }[] = [];
const failed: string[] = [];
let loads = 0;

beforeAll(async () => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const build of Object.values(BUILDS)) {
    await run('npx', ['vite', 'build', '--emptyOutDir', '--logLevel', 'warn'], {
      // Vitest sets NODE_ENV=test, which would build the app as non-production (no service worker).
      env: { ...process.env, NODE_ENV: 'production', LAB_DIST: dir(build), VITE_APP_BUILD: build },
      maxBuffer: 64 << 20,
    });
  }
  lists = { a: precacheList(BUILDS.a), b: precacheList(BUILDS.b) };
  browser = await launchChromium();
  served = await serve(BUILDS.a);
  origin = `http://127.0.0.1:${served.port}`;
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  context.on('requestfailed', (r) => failed.push(`${r.url()} (${r.failure()?.errorText ?? '?'})`));
  context.on('response', (r) => {
    const url = new URL(r.url());
    if (url.origin === origin) responses.push({ path: url.pathname.slice(1), load: loads, fromServiceWorker: r.fromServiceWorker() });
  });
  page = await context.newPage();
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) loads++;
  });
  mkdirSync('screenshots', { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  rmSync(root, { recursive: true, force: true });
});

const build = () => page.evaluate(() => document.documentElement.dataset.appBuild).catch(() => undefined);

/** Waits for the lab to be up with its backends probed and its dataset in (so its workers, wasm and packs were fetched). */
async function appSettled(): Promise<void> {
  await page.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
  await expect.poll(() => page.evaluate(() => window.trainServeLab.store.state.dataset.kind === 'ready' && window.trainServeLab.store.state.backends !== null), { timeout: 120_000 }).toBe(true);
}

async function cachedPaths(): Promise<string[]> {
  return page.evaluate(async () => {
    const names = await caches.keys();
    const urls = (await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)))).flat();
    return urls.map((u) => new URL(u).pathname.slice(1));
  });
}

describe('an app update', () => {
  it('the two builds differ in some script and share the rest', () => {
    const onlyA = [...lists.a].filter((p) => !lists.b.has(p));
    expect(onlyA.some((p) => p.endsWith('.js')), 'build A has a script build B lacks').toBe(true);
    expect([...lists.b].some((p) => p.endsWith('.wasm'))).toBe(true);
  });

  it('is picked up on the next visit, whole: after one reload only the new build\'s files run', async () => {
    await page.goto(origin, { waitUntil: 'commit' });
    await appSettled();
    await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), undefined, { timeout: 120_000 });
    expect(await build()).toBe(BUILDS.a);

    // The server now has build B at the same origin.
    await served.close();
    served = await serve(BUILDS.b, served.port);
    const loadsBefore = loads;
    await page.goto(origin, { waitUntil: 'commit' });
    await expect.poll(build, { timeout: 180_000, interval: 250 }).toBe(BUILDS.b);
    await appSettled();
    // One visit, one reload into the new version.
    expect(loads - loadsBefore).toBe(2);

    const visit = responses.filter((r) => r.load === loadsBefore + 1 && isAppFile(r.path));
    const updated = responses.filter((r) => r.load === loadsBefore + 2 && isAppFile(r.path));
    // The visit ran build A whole, from the old worker's cache (build B was being installed meanwhile).
    const pageFilesOfVisit = visit.filter((r) => r.fromServiceWorker);
    expect(pageFilesOfVisit.length).toBeGreaterThan(0);
    expect(pageFilesOfVisit.filter((r) => !lists.a.has(r.path)).map((r) => r.path)).toEqual([]);
    // After the reload: every script, wasm binary and pack is build B's, and some are B's own.
    expect(updated.length).toBeGreaterThan(0);
    expect(updated.filter((r) => !lists.b.has(r.path)).map((r) => r.path)).toEqual([]);
    expect(updated.some((r) => !lists.a.has(r.path)), 'a script only build B has was loaded').toBe(true);
    for (const kind of [/\.wasm$/, /worker.*\.js$/, /train-.*\.bin$/]) {
      expect(updated.some((r) => kind.test(r.path)), String(kind)).toBe(true);
    }
    expect(updated.every((r) => r.fromServiceWorker)).toBe(true);
    // The cache now holds build B's set and nothing only build A had.
    const cached = await cachedPaths();
    expect(cached.filter((p) => !lists.b.has(p))).toEqual([]);
    expect(cached.filter((p) => lists.a.has(p) && !lists.b.has(p))).toEqual([]);
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    expect(failed).toEqual([]);
  });

  it('waits while a training run is going: the badge says so, and it applies after the run', async () => {
    // A run long enough to pause in: 512 images, 2 epochs on wasm.
    await page.evaluate(() => {
      const lab = window.trainServeLab;
      lab.updateSettings({ backend: 'wasm', trainSize: 512, epochs: 2 });
      void lab.train();
      // sessionStorage outlives the reload: it tells what the run had reached when the page reloaded.
      lab.store.select((s) => s.training.phase, (phase) => sessionStorage.setItem('tsl-last-phase', phase));
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    await expect.poll(() => page.evaluate(() => window.trainServeLab.store.state.training.phase), { timeout: 120_000, interval: 50 }).toBe('running');
    await page.evaluate(() => window.trainServeLab.pause());
    expect(await page.evaluate(() => window.trainServeLab.store.state.training.phase)).toBe('paused');

    // A newer version (build A again: its worker differs from B's) appears while the run is paused.
    await served.close();
    served = await serve(BUILDS.a, served.port);
    const loadsBefore = loads;
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    await expect.poll(() => page.locator('[data-update]').textContent().catch(() => null), { timeout: 180_000, interval: 250 }).toBe('update ready: applies when training ends');
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(true);
    await page.screenshot({ path: 'screenshots/pwa-update-held.png' });
    // Held: no reload, the same document and the same paused run, a while later too.
    await page.waitForTimeout(1500);
    expect(loads).toBe(loadsBefore);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await page.evaluate(() => window.trainServeLab.store.state.training.phase)).toBe('paused');
    expect(await build()).toBe(BUILDS.b);

    await page.evaluate(() => window.trainServeLab.resume());
    await expect.poll(build, { timeout: 300_000, interval: 250 }).toBe(BUILDS.a);
    await appSettled();
    expect(loads - loadsBefore).toBe(1);
    // The reload came after the run had finished: nothing was interrupted.
    expect(await page.evaluate(() => sessionStorage.getItem('tsl-last-phase'))).toBe('finished');
    expect(await page.evaluate(() => window.trainServeLab.store.state.interrupted)).toBeNull();
    expect(await page.locator('[data-update]').count()).toBe(0);
    const after = responses.filter((r) => r.load === loads && isAppFile(r.path));
    expect(after.filter((r) => !lists.a.has(r.path)).map((r) => r.path)).toEqual([]);
    expect(failed).toEqual([]);
  });
});
