// Every main journey at one viewport (issue 10, "Done when"): Erika's history → detail →
// objection, consent withdrawal and export; the DPO's decision of an objection; agency staff
// proposing a purpose. Each with axe-core on every state it reaches, Back, Forward and a reload
// where a place has an address, and the server's word on what it changed.
//
// Four CTest entries per viewport (journeys_objection_<viewport>.e2e.mjs: Erika's history →
// detail → objection; journeys_rights_…: her consent withdrawal and export; journeys_dpo_… and
// journeys_agency_…), each well under three minutes on a loaded machine. The citizen's and the
// staff's journeys take turns between the two drivers (journeys/drivers.mjs), so that every
// journey runs at every narrow width and with each driver at least once:
//
//   viewport     citizen's journeys     DPO's and agency's flows
//   320 px       keyboard               accessibility tree
//   400 px       accessibility tree     keyboard
//   200 % zoom   accessibility tree     keyboard
//
// At 1366 px the same journeys are the desktop tests' (citizen_objection, citizen_consent,
// dpo_decision, agency_purpose, by pointer; keyboard for the login and the tabs): running them
// here too would cost CI about four minutes for a layout those tests already cover.
//
// Logging in and out goes through the same driver as the journey.
import { DEMO_PASSWORD, fail, log, openLoginScreen, runBrowserTest, waitForState } from './harness.mjs';
import { expectVisible } from './steps.mjs';
import { VIEWPORTS, setViewport } from './viewports.mjs';
import { downloadExport, objectionJourney, withdrawConsent } from './journeys/citizen.mjs';
import { makeDriver } from './journeys/drivers.mjs';
import { decideObjection, fileObjectionAsErika, fillAndSubmitPurpose, proposeWithErrorsFirst } from './journeys/staff.mjs';

export const DRIVERS = {
  phone: { citizen: 'keyboard', staff: 'axtree' },
  small: { citizen: 'axtree', staff: 'keyboard' },
  zoom200: { citizen: 'axtree', staff: 'keyboard' },
};

// The whole run may take this long; CTest's TIMEOUT is a little more.
export const BUDGET_MS = 175_000;

const started = Date.now();
const timings = [];

async function timed(what, step) {
  const from = Date.now();
  const result = await step();
  const seconds = (Date.now() - from) / 1000;
  timings.push(`${what} ${seconds.toFixed(1)} s`);
  log(`${what}: ${seconds.toFixed(1)} s (${((Date.now() - started) / 1000).toFixed(1)} s in all)`);
  return result;
}

async function logInWith(ctx, username, role) {
  const { page, driver } = ctx;
  log(`logging in as ${username} (${driver.name})`);
  await driver.fill(page.getByRole('textbox', { name: 'Benutzername' }), username, 'the field "Benutzername"');
  await driver.fill(page.getByLabel('Passwort'), DEMO_PASSWORD, 'the field "Passwort"');
  await driver.activate(page.getByRole('button', { name: 'Anmelden', exact: true }), 'button "Anmelden"');
  await waitForState(page, `the dashboard of ${username}`, (s) => s.screen === 'dashboard' && s.role === role);
}

// "Abmelden" is in the header, or behind "Menü" in the narrow layout.
async function logOutWith(ctx) {
  const { page, driver } = ctx;
  const button = page.getByRole('button', { name: 'Abmelden' });
  if (await button.count() === 0) await driver.activate(page.getByRole('button', { name: /^Menü/ }), 'the menu button');
  await driver.activate(button, 'button "Abmelden"');
  await waitForState(page, 'the login screen after logging out', (s) => s.screen === 'login');
  await expectVisible(page.getByRole('textbox', { name: 'Benutzername' }), 'the login form');
}

function context(page, artifacts, viewport, role, options) {
  const driver = makeDriver(page, DRIVERS[viewport][role], options);
  return { page, driver, artifacts, tag: `${VIEWPORTS[viewport].label} ${driver.short}`, places: true };
}

async function objectionJourneyAt(page, artifacts, viewport, options) {
  const ctx = context(page, artifacts, viewport, 'citizen', options);
  await timed(`erika logs in (${ctx.driver.name})`, () => logInWith(ctx, 'erika', 'citizen'));
  await timed('history → detail → objection', () => objectionJourney(ctx));
  await logOutWith(ctx);
  log(`objection journey by ${ctx.driver.name}: ${ctx.driver.summary()}`);
}

async function consentAndExportAt(page, artifacts, viewport, options) {
  const ctx = context(page, artifacts, viewport, 'citizen', options);
  await timed(`erika logs in (${ctx.driver.name})`, () => logInWith(ctx, 'erika', 'citizen'));
  await timed('consent withdrawal', () => withdrawConsent(ctx, 'Wiederverwendung der Anschrift statt Nachweisvorlage'));
  await timed('export', () => downloadExport(ctx));
  await logOutWith(ctx);
  log(`consent withdrawal and export by ${ctx.driver.name}: ${ctx.driver.summary()}`);
}

async function dpoJourney(page, artifacts, viewport, options) {
  const ctx = context(page, artifacts, viewport, 'staff', options);
  const filed = await fileObjectionAsErika(page);
  await timed(`dsb logs in (${ctx.driver.name})`, () => logInWith(ctx, 'dsb', 'dpo'));
  await waitForState(page, 'the DPO\'s queue page', (s) => s.role === 'dpo' && s.page === 'Objections');
  await timed('DPO decides an objection', () => decideObjection(ctx, filed));
  await logOutWith(ctx);
  log(`DPO's flow by ${ctx.driver.name}: ${ctx.driver.summary()}`);
}

async function agencyJourney(page, artifacts, viewport, options) {
  const ctx = context(page, artifacts, viewport, 'staff', options);
  await timed(`kfz logs in (${ctx.driver.name})`, () => logInWith(ctx, 'kfz', 'agency'));
  await waitForState(page, 'the purposes page', (s) => s.page === 'Purposes');
  await timed('agency proposes a purpose', async () => {
    await proposeWithErrorsFirst(ctx);
    await fillAndSubmitPurpose(ctx);
  });
  await logOutWith(ctx);
  log(`agency's flow by ${ctx.driver.name}: ${ctx.driver.summary()}`);
}

const JOURNEYS = {
  objection: objectionJourneyAt, rights: consentAndExportAt, dpo: dpoJourney, agency: agencyJourney,
};

// Runs the journeys of `role` at the viewport: objection (Erika's history → detail →
// objection), rights (her consent withdrawal and export), dpo, agency.
// EINBLICK_JOURNEY_MAX_TABS lowers the keyboard driver's bound (to see it fail).
export function runJourneysTest(name, viewport, role) {
  if (!DRIVERS[viewport]) fail(`no drivers for the viewport ${viewport}`);
  const options = process.env.EINBLICK_JOURNEY_MAX_TABS ? { maxTabs: Number(process.env.EINBLICK_JOURNEY_MAX_TABS) } : {};
  const journeys = JOURNEYS[role] || fail(`no journeys of the role ${role}`);
  const scenario = async (page, baseUrl, artifacts) => {
    await openLoginScreen(page, baseUrl);
    await setViewport(page, VIEWPORTS[viewport]);
    await journeys(page, artifacts, viewport, options);
    log(`${role} at ${VIEWPORTS[viewport].label}: ${timings.join(', ')}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  runBrowserTest(name, scenario, { viewport: { width: 1366, height: 800 }, acceptDownloads: true },
    { budgetMs: BUDGET_MS });
}
