#!/usr/bin/env node
// End-to-end: the demo citizen lands on her overview, opens "Zugriffe", reads the details of
// one access (purpose, legal basis, registry entry) and objects to it: reason, check your
// answers, send, confirmation with the reference number and the deadline. All through the DOM
// mirror (getByRole / getByLabel), axe-core on every screen, a screenshot of every step, and
// the server confirms that the objection exists.
//
// Usage: node citizen_objection.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import {
  DEMO_USER, STEP_TIMEOUT_MS, fail, log, openLoginScreen, runBrowserTest, waitForState,
} from './harness.mjs';
import { api, expectVisible, logIn, recordScreen } from './steps.mjs';
import { objectionJourney } from './journeys/citizen.mjs';
import { accessibilityTreeDriver } from './journeys/drivers.mjs';

const started = Date.now();

// A picture of each step with axe-core, and the time taken so far. Only the first picture
// also checks that the canvas really drew (the pixel statistics cost about a second each).
async function record(page, artifacts, file, what) {
  await recordScreen(page, artifacts, file, { axe: what, checkDrawn: file.startsWith('01-') });
  log(`${what}: done after ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function readOverview(page, artifacts) {
  await expectVisible(page.getByRole('heading', { name: 'Übersicht', level: 2 }), 'the heading "Übersicht" after login');
  // The 30-day count has arrived when the busy status is gone.
  await expectVisible(page.getByRole('listitem').getByText(/^Zugriffe? in den letzten 30 Tagen: (mehr als )?\d/),
    'the 30-day count, a key figure read as "label: value"');
  await page.waitForFunction(() => ![...document.querySelectorAll('#a11y-root [role=status]')]
    .some((el) => el.getAttribute('aria-busy') === 'true'), null, { timeout: STEP_TIMEOUT_MS })
    .catch(() => fail('the overview kept loading'));
  const monthly = page.getByRole('table', { name: 'Zugriffe je Monat' });
  await expectVisible(monthly, 'the table "Zugriffe je Monat"');
  const months = await monthly.getByRole('row').count();
  log(`overview: monthly table with ${months - 1} months`);
  if (months < 13) fail(`the monthly table has only ${months} rows`);
  const stats = await api(page, 'GET', '/api/v1/me/statistics/monthly');
  const newest = stats.body.months[stats.body.months.length - 1];
  const firstRow = (await monthly.getByRole('row').nth(1).getByRole('cell').allTextContents()).map((t) => t.trim());
  if (firstRow[1] !== String(newest.accesses)) {
    fail(`the table's newest month shows ${firstRow.join(' | ')}, the server counts ${JSON.stringify(newest)}`);
  }
  const chart = page.getByRole('figure', { name: 'Zugriffe je Monat: Diagramm und Tabelle' })
    .getByRole('img', { name: /^Balkendiagramm der Zugriffe je Monat von / });
  await expectVisible(chart, 'the chart, an image named by its summary', 5_000);
  await record(page, artifacts, '01-overview.png', 'overview');
}

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLoginScreen(page, baseUrl);
  await logIn(page, DEMO_USER, { role: 'citizen' });
  await waitForState(page, 'the overview', (s) => s.page === 'Overview');
  await readOverview(page, artifacts);

  // History → detail → objection, back to the list (journeys/citizen.mjs).
  await objectionJourney({ page, driver: accessibilityTreeDriver(page, { verifyAxTree: false }), artifacts });
  log(`journey: done after ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

runBrowserTest('citizen_objection', scenario, {}, { budgetMs: 145_000 });
