#!/usr/bin/env node
// Pages are addresses: the location's fragment follows the page, the history's filters and the
// open access ("#/zugriffe/<id>?zeitraum=12-monate"); Back and Forward move inside the app; a
// reload keeps page, filter and detail; an address edited by hand is followed, one the role
// lacks falls back with a notice; a link to one access opened logged out opens it after the
// login; the document title follows the page in German and English. axe-core on the states.
import {
  DEMO_USER, STEP_TIMEOUT_MS, fail, log, openLoginScreen, runBrowserTest,
  untilClient, waitForState,
} from './harness.mjs';
import { expectVisible, logIn, logOut, openPage, press, recordScreen } from './steps.mjs';

const GERMAN = 'Einblick Datenschutzcockpit';
const ENGLISH = 'Einblick privacy dashboard';

async function address(page) {
  return page.evaluate(() => ({ hash: window.location.hash, path: window.location.pathname, title: document.title }));
}

// Waits until the location's fragment and the document title are as expected.
async function expectAddress(page, hash, title, what) {
  const seen = await untilClient(page, `${what}: address "${hash}", title "${title}"`, async () => {
    const now = await address(page);
    return { done: now.hash === hash && now.title === title, seen: now };
  });
  if (seen.path !== '/') fail(`${what}: the path changed to ${seen.path}`);
  log(`${what}: ${hash || '(no fragment)'} · ${title}`);
}

async function goBack(page, what) {
  log(`Back (${what})`);
  await page.evaluate(() => window.history.back());
}

async function goForward(page, what) {
  log(`Forward (${what})`);
  await page.evaluate(() => window.history.forward());
}

async function reloadToDashboard(page) {
  log('reloading');
  await page.reload({ waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
  await page.waitForFunction(() => window.Module && window.Module.einblickFirstFrameRendered === true, null,
    { timeout: STEP_TIMEOUT_MS }).catch(() => fail('no frame after the reload'));
}

async function periodShown(page) {
  const combo = page.getByRole('combobox', { name: 'Zeitraum' });
  await expectVisible(combo, 'the filter "Zeitraum"');
  return combo.evaluate((el) => (el.selectedIndex >= 0 ? el.options[el.selectedIndex].text : el.value));
}

// Overview → Zugriffe → filter → detail, each step in the address; the detail's id.
async function walkToDetail(page, artifacts) {
  await logIn(page, DEMO_USER, { role: 'citizen' });
  await expectAddress(page, '#/uebersicht', `Übersicht – ${GERMAN}`, 'after the login');
  await openPage(page, 'Zugriffe', 'Accesses');
  await expectAddress(page, '#/zugriffe', `Zugriffe – ${GERMAN}`, 'on "Zugriffe"');
  await page.getByRole('combobox', { name: 'Zeitraum' }).selectOption({ label: 'Letzte 12 Monate' });
  await page.getByRole('button', { name: 'Filter anwenden' }).click();
  await expectAddress(page, '#/zugriffe?zeitraum=12-monate', `Zugriffe – ${GERMAN}`, 'after the filter');
  await waitForState(page, 'the filtered rows', (s) => s.page === 'Accesses' && !s.loading && s.rows > 0);
  const table = page.getByRole('table', { name: 'Zugriffe auf Ihre Daten' });
  await table.getByRole('row').nth(1).getByRole('link').click();
  const state = await waitForState(page, 'an open detail', (s) => s.detail !== null);
  const id = state.detail;
  await expectVisible(page.getByRole('dialog', { name: 'Einzelheiten zum Zugriff' }), 'the detail panel');
  await expectAddress(page, `#/zugriffe/${id}?zeitraum=12-monate`, `Zugriffe – ${GERMAN}`, 'with the detail open');
  await recordScreen(page, artifacts, '01-detail.png', { checkDrawn: false }); // axe after the reload
  return id;
}

async function reloadKeepsThePlace(page, id, artifacts) {
  await reloadToDashboard(page);
  await waitForState(page, 'the same detail after the reload',
    (s) => s.screen === 'dashboard' && s.page === 'Accesses' && s.detail === id);
  await expectVisible(page.getByRole('dialog', { name: 'Einzelheiten zum Zugriff' }), 'the detail panel after the reload');
  const period = await periodShown(page);
  if (period !== 'Letzte 12 Monate') fail(`after the reload the period filter shows "${period}"`);
  await expectAddress(page, `#/zugriffe/${id}?zeitraum=12-monate`, `Zugriffe – ${GERMAN}`, 'after the reload');
  await recordScreen(page, artifacts, '02-reloaded.png', { axe: 'detail after a reload' });
}

async function backAndForward(page, id) {
  await goBack(page, 'closes the detail');
  await waitForState(page, 'the history without detail', (s) => s.page === 'Accesses' && s.detail === null);
  await expectAddress(page, '#/zugriffe?zeitraum=12-monate', `Zugriffe – ${GERMAN}`, 'one step back');
  await goBack(page, 'to the overview');
  await waitForState(page, 'the overview', (s) => s.page === 'Overview');
  await expectAddress(page, '#/uebersicht', `Übersicht – ${GERMAN}`, 'two steps back');
  await expectVisible(page.getByRole('heading', { name: 'Übersicht', level: 2 }), 'the heading "Übersicht"');
  await goForward(page, 'to the filtered history');
  await waitForState(page, 'the history again', (s) => s.page === 'Accesses' && s.detail === null);
  const period = await periodShown(page);
  if (period !== 'Letzte 12 Monate') fail(`forward again, the period filter shows "${period}"`);
  await goForward(page, 'to the detail');
  await waitForState(page, 'the detail again', (s) => s.page === 'Accesses' && s.detail === id);
  await expectAddress(page, `#/zugriffe/${id}?zeitraum=12-monate`, `Zugriffe – ${GERMAN}`, 'forward twice');
}

async function titleInEnglish(page, id) {
  const here = `#/zugriffe/${id}?zeitraum=12-monate`;
  await press(page, page.getByRole('button', { name: 'English', exact: true }), 'the "English" switch');
  await expectAddress(page, here, `Accesses – ${ENGLISH}`, 'in English');
  await press(page, page.getByRole('button', { name: 'Deutsch', exact: true }), 'the "Deutsch" switch');
  await expectAddress(page, here, `Zugriffe – ${GERMAN}`, 'in German again');
}

// An address typed by hand is followed; a page the role lacks shows the start page and says so.
async function editedAddress(page, artifacts) {
  await page.evaluate(() => { window.location.hash = '#/einwilligungen'; });
  await waitForState(page, 'the consents from the edited address', (s) => s.page === 'Consents');
  await expectAddress(page, '#/einwilligungen', `Einwilligungen – ${GERMAN}`, 'address edited by hand');
  await page.evaluate(() => { window.location.hash = '#/api-schluessel?x=%zz'; });
  await waitForState(page, 'the citizen\'s start page instead', (s) => s.page === 'Overview' && s.route_notice);
  await expectAddress(page, '#/uebersicht', `Übersicht – ${GERMAN}`, 'a page the citizen lacks');
  await expectVisible(page.getByRole('alert').filter({ hasText: 'gibt es für Ihre Rolle nicht' }), 'the notice');
  await recordScreen(page, artifacts, '03-fallback.png', { axe: 'fallback notice', checkDrawn: false });
}

async function deepLinkThroughLogin(page, baseUrl, id, artifacts) {
  await logOut(page);
  await expectAddress(page, '', `Anmelden – ${GERMAN}`, 'after logging out');
  log('opening a link to one access while logged out');
  await page.goto('about:blank');
  await page.goto(`${baseUrl}/#/zugriffe/${id}`, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
  await waitForState(page, 'the login screen', (s) => s.screen === 'login');
  await expectAddress(page, `#/zugriffe/${id}`, `Anmelden – ${GERMAN}`, 'the link on the login screen');
  await recordScreen(page, artifacts, '04-login-with-link.png', { axe: 'login with a pending link', checkDrawn: false });
  await logIn(page, DEMO_USER, { role: 'citizen' });
  await waitForState(page, 'the linked detail after the login', (s) => s.page === 'Accesses' && s.detail === id);
  await expectVisible(page.getByRole('dialog', { name: 'Einzelheiten zum Zugriff' }), 'the linked detail panel');
  await expectAddress(page, `#/zugriffe/${id}`, `Zugriffe – ${GERMAN}`, 'the link after the login');
  await recordScreen(page, artifacts, '05-linked-detail.png', { axe: 'linked detail after login', checkDrawn: false });
}

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLoginScreen(page, baseUrl);
  await expectAddress(page, '', `Anmelden – ${GERMAN}`, 'the login screen');
  const id = await walkToDetail(page, artifacts);
  await reloadKeepsThePlace(page, id, artifacts);
  await backAndForward(page, id);
  await titleInEnglish(page, id);
  await editedAddress(page, artifacts);
  await deepLinkThroughLogin(page, baseUrl, id, artifacts);
}

runBrowserTest('urls', scenario, {}, { budgetMs: 140_000 });
