#!/usr/bin/env node
// The English switch, on every page of every role: the login screen's "English" (its label
// marked lang="en" on the German page) turns the interface and the page's own language
// (<html lang>, title) to English; the choice survives a reload; the citizen, the DPO and
// agency staff each see their pages' tabs and headings in English, and axe-core finds no
// violation on any of them; the German data from the server on those pages (names of
// agencies and purposes, statutes, reasons) is marked lang="de" (WCAG 3.1.2), while the
// app's own words are English; "Deutsch" turns it all back; every API request asks the server
// for German (the client translates). Through the DOM mirror only.
//
// Usage: node english.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import {
  STEP_TIMEOUT_MS, assertNoAxeViolations, fail, log, openLoginScreen, runBrowserTest, waitForState,
} from './harness.mjs';
import { expectVisible, logIn, press, recordScreen } from './steps.mjs';

// Per role: who logs in, the English titles of the role's pages in tab order (also the page
// names of the client's test state), and the pages that show German data from the server.
const ROLES = [
  { user: 'erika', role: 'citizen',
    pages: ['Overview', 'Accesses', 'Consents', 'Objections', 'Purpose registry', 'Export'],
    germanData: ['Overview', 'Accesses', 'Consents', 'Purpose registry'] },
  { user: 'dsb', role: 'dpo', pages: ['Objections', 'Review purposes', 'Unusual access', 'Purpose registry'],
    germanData: ['Unusual access', 'Purpose registry'] },
  { user: 'kfz', role: 'agency', pages: ['Purposes', 'API keys'], germanData: ['Purposes'] },
];

// The German data on an English page is marked as German, and nothing of the app's own
// words inside it inherits that: every element within a lang="de" one that has text of its
// own is marked again (lang="en") or is German data itself.
async function expectGermanDataMarked(page, title) {
  const found = await page.evaluate(() => {
    const marked = [...document.querySelectorAll('#a11y-root [lang=de]')]
      .filter((el) => el.tagName !== 'BUTTON'); // the "Deutsch" switch is German too
    const inheriting = marked.flatMap((el) => [...el.querySelectorAll('.a11y-node:not([lang])')])
      .filter((el) => el.closest('[lang]').lang === 'de' && el.textContent.trim() !== '');
    return {
      texts: marked.map((el) => (el.getAttribute('aria-label') || el.textContent).trim()),
      inheriting: inheriting.map((el) => el.textContent.trim()),
    };
  });
  if (found.texts.length === 0) fail(`${title}: no German data is marked lang="de"`);
  if (found.inheriting.length) fail(`${title}: English text inherits lang="de": ${JSON.stringify(found.inheriting)}`);
  log(`${title}: ${found.texts.length} German data texts marked, e.g. "${found.texts[0].slice(0, 60)}"`);
}

async function documentLanguage(page) {
  return page.evaluate(() => ({ lang: document.documentElement.lang, title: document.title }));
}

async function expectDocumentLanguage(page, lang, what) {
  await page.waitForFunction((expected) => document.documentElement.lang === expected, lang,
    { timeout: 5_000 }).catch(async () => fail(`${what}: the page says ${JSON.stringify(await documentLanguage(page))}`));
}

async function switchToEnglish(page, artifacts) {
  const english = await expectVisible(page.getByRole('button', { name: 'English', exact: true }), 'the "English" switch');
  if ((await english.getAttribute('lang')) !== 'en') fail('the "English" switch is not marked lang="en"');
  await press(page, english, 'the "English" switch');
  await expectVisible(page.getByRole('textbox', { name: 'Username' }), 'the English login form');
  await expectDocumentLanguage(page, 'en', 'after "English"');
  const { title } = await documentLanguage(page);
  if (title !== 'Sign in – Einblick privacy dashboard') fail(`the page title is "${title}" in English`);
  const deutsch = await expectVisible(page.getByRole('button', { name: 'Deutsch', exact: true }), 'the "Deutsch" switch');
  if ((await deutsch.getAttribute('lang')) !== 'de') fail('the "Deutsch" switch is not marked lang="de"');
  await recordScreen(page, artifacts, '01-login-english.png', { axe: 'login in English' });
}

async function reloadKeepsEnglish(page) {
  log('reloading: the language choice is remembered');
  await page.reload({ waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
  await page.waitForFunction(() => window.Module && window.Module.einblickFirstFrameRendered === true, null,
    { timeout: STEP_TIMEOUT_MS }).catch(() => fail('no frame after the reload'));
  await waitForState(page, 'the login screen after the reload', (s) => s.screen === 'login');
  await expectVisible(page.getByRole('textbox', { name: 'Username' }), 'the English login form after the reload');
  await expectDocumentLanguage(page, 'en', 'after the reload');
}

async function tourInEnglish(page, artifacts, { user, role, pages, germanData }) {
  await logIn(page, user, { role, language: 'en' });
  await expectVisible(page.getByRole('heading', { name: 'Einblick – privacy dashboard', level: 1 }),
    `the English header for ${user}`);
  const tabs = (await page.getByRole('tab').allTextContents()).map((t) => t.trim());
  if (tabs.join('|') !== pages.join('|')) fail(`${user}'s tabs are ${JSON.stringify(tabs)}, expected ${JSON.stringify(pages)}`);
  for (const title of pages) {
    await page.getByRole('tab', { name: title, exact: true }).click();
    await waitForState(page, `the page ${title}`, (s) => s.screen === 'dashboard' && s.page === title);
    await expectVisible(page.getByRole('heading', { name: title, level: 2, exact: true }), `the heading "${title}"`);
    // Wait until the page's data has arrived: no busy status left.
    await page.waitForFunction(() => ![...document.querySelectorAll('#a11y-root [aria-busy=true]')].length,
      null, { timeout: STEP_TIMEOUT_MS }).catch(() => fail(`${title} kept loading`));
    const file = `${role}-${title.replace(/\W+/g, '-').toLowerCase()}.png`;
    await recordScreen(page, artifacts, file, { checkDrawn: false });
    await assertNoAxeViolations(page, `${role}: ${title} in English`, artifacts);
    if (germanData.includes(title)) await expectGermanDataMarked(page, title);
  }
  await press(page, page.getByRole('button', { name: 'Sign out', exact: true }), '"Sign out"');
  await waitForState(page, 'the login screen', (s) => s.screen === 'login');
  await expectVisible(page.getByRole('textbox', { name: 'Username' }), 'the English login form after signing out');
}

async function backToGerman(page) {
  await press(page, page.getByRole('button', { name: 'Deutsch', exact: true }), 'the "Deutsch" switch');
  await expectVisible(page.getByRole('textbox', { name: 'Benutzername' }), 'the German login form');
  await expectDocumentLanguage(page, 'de', 'after "Deutsch"');
  const { title } = await documentLanguage(page);
  if (title !== 'Anmelden – Einblick Datenschutzcockpit') fail(`the page title is "${title}" in German`);
  await page.reload({ waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
  await waitForState(page, 'the login screen after the reload', (s) => s.screen === 'login');
  await expectVisible(page.getByRole('textbox', { name: 'Benutzername' }), 'the German login form after the reload');
  await expectDocumentLanguage(page, 'de', 'after reloading in German');
}

// The client asks the server for German whatever the browser's own language (Chromium here
// says en-US), and translates the server's messages itself: every API request says so.
function watchRequestLanguage(page) {
  const others = [];
  let count = 0;
  page.on('request', (request) => {
    if (!new URL(request.url()).pathname.startsWith('/api/')) return;
    count += 1;
    const language = request.headers()['accept-language'];
    if (language !== 'de') others.push(`${request.method()} ${request.url()}: ${language}`);
  });
  return () => {
    if (count === 0) fail('no API request was seen');
    if (others.length) fail(`API requests without Accept-Language: de: ${others.slice(0, 3).join('; ')}`);
    log(`all ${count} API requests asked for German answers`);
  };
}

async function scenario(page, baseUrl, artifacts) {
  const checkRequestLanguage = watchRequestLanguage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLoginScreen(page, baseUrl);
  await expectDocumentLanguage(page, 'de', 'at the start');
  await switchToEnglish(page, artifacts);
  await reloadKeepsEnglish(page);
  for (const role of ROLES) await tourInEnglish(page, artifacts, role);
  await backToGerman(page);
  checkRequestLanguage();
}

runBrowserTest('english', scenario, {}, { budgetMs: 145_000 });
