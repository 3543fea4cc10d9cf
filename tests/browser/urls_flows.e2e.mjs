#!/usr/bin/env node
// The citizen's form flows are addresses as well: every step of "Widerspruch einlegen" (from
// an access) and "Einwilligung erteilen" has its own fragment ("#/zugriffe/<id>/widerspruch",
// "…/pruefen", "…/bestaetigung"; "#/einwilligungen/erteilen/…"). Back from the check step
// returns to the form with what was entered; Forward returns to the check without sending;
// a reload on a form step shows that step (what was typed is not kept: it is never stored in
// the browser); a reload on the confirmation shows the list with what was sent, never sends
// again; a link to the check step without data shows the form. axe-core on the states.
import {
  DEMO_USER, STEP_TIMEOUT_MS, fail, log, openLoginScreen, reported, runBrowserTest, untilClient,
  waitForReported, waitForState,
} from './harness.mjs';
import { api, expectVisible, fillIn, logIn, press, recordScreen } from './steps.mjs';

const REASON = 'Ich möchte wissen, warum diese Stelle meine Daten abgerufen hat.';
const CONSENT_PURPOSE = 'Berechnung des Elterngeldes';
const CONSENT_AGENCY = 'Elterngeldstelle Leipzig';

async function expectHash(page, hash, what) {
  await untilClient(page, `${what}: address "${hash}"`, async () => {
    const seen = await page.evaluate(() => window.location.hash);
    return { done: seen === hash, seen };
  });
  log(`${what}: ${hash}`);
}

async function goTo(page, hash) {
  log(`address set to ${hash}`);
  await page.evaluate((h) => { window.location.hash = h; }, hash);
}

async function reload(page) {
  log('reloading');
  await page.reload({ waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
  await page.waitForFunction(() => window.Module && window.Module.einblickFirstFrameRendered === true, null,
    { timeout: STEP_TIMEOUT_MS }).catch(() => fail('no frame after the reload'));
  await waitForState(page, 'the dashboard after the reload', (s) => s.screen === 'dashboard');
}

async function objectionCount(page) {
  const objections = await api(page, 'GET', '/api/v1/me/objections');
  if (objections.status !== 200) fail(`GET /api/v1/me/objections answered ${objections.status}`);
  return objections.body.items.length;
}

// An access Erika may object to: it took place, its purpose is not based on consent and has
// no objection pending.
async function objectableAccess(page) {
  const events = await api(page, 'GET', '/api/v1/me/access-events?limit=50');
  const purposes = await api(page, 'GET', '/api/v1/purposes');
  const objections = await api(page, 'GET', '/api/v1/me/objections');
  const excluded = new Set(purposes.body.items
    .filter((p) => p.in_force && p.in_force.gdpr_basis === 'A6-1-a').map((p) => p.in_force.name));
  for (const o of objections.body.items) if (o.status === 'pending') excluded.add(o.purpose.name);
  const event = events.body.items.find((e) => e.outcome !== 'denied' && e.purpose_ref && !excluded.has(e.purpose));
  if (!event) fail('no access in the newest 50 one could object to');
  log(`objecting to access ${event.id}: ${event.purpose}`);
  return event.id;
}

const objectionForm = (page) => page.getByRole('heading', { name: 'Widerspruch einlegen', level: 2 });
const checkStep = (page) => page.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Angaben' });

async function objectionSteps(page, artifacts) {
  const id = await objectableAccess(page);
  const before = await objectionCount(page);
  const base = `#/zugriffe/${id}`;
  await goTo(page, base);
  await waitForState(page, 'the linked access', (s) => s.page === 'Accesses' && s.detail === id);
  await press(page, page.getByRole('button', { name: 'Widerspruch einlegen' }), 'button "Widerspruch einlegen"');
  await expectVisible(objectionForm(page), 'the objection form');
  await expectHash(page, `${base}/widerspruch`, 'the form');
  const reason = page.getByRole('textbox', { name: 'Begründung' });
  await fillIn(reason, REASON, 'the reason');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expectVisible(checkStep(page), 'the check step');
  await expectHash(page, `${base}/widerspruch/pruefen`, 'the check step');
  await recordScreen(page, artifacts, '01-objection-check.png', { axe: 'objection check step' });

  log('Back from the check step');
  await page.evaluate(() => window.history.back());
  await expectVisible(objectionForm(page), 'the form after Back');
  await expectHash(page, `${base}/widerspruch`, 'Back to the form');
  await waitForReported(page.getByRole('textbox', { name: 'Begründung' }), 'the reason kept after Back', { value: REASON });
  await recordScreen(page, artifacts, '02-objection-back.png', { axe: 'objection form after Back', checkDrawn: false });
  log('Forward to the check step');
  await page.evaluate(() => window.history.forward());
  await expectVisible(checkStep(page), 'the check step after Forward');
  await expectHash(page, `${base}/widerspruch/pruefen`, 'Forward to the check step');
  if (await objectionCount(page) !== before) fail('Back or Forward sent the objection');

  await page.getByRole('button', { name: 'Widerspruch einlegen' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Aktenzeichen:' });
  await expectVisible(status, 'the confirmation');
  await expectHash(page, `${base}/widerspruch/bestaetigung`, 'the confirmation');
  await page.waitForFunction(() => [...document.querySelectorAll('#a11y-root [role=status]')]
    .some((el) => /Aktenzeichen: W-/.test(el.textContent)), null, { timeout: 5_000 })
    .catch(() => fail('the confirmation shows no reference number'));
  const reference = (await status.textContent()).replace('Aktenzeichen:', '').trim();
  log(`sent: ${reference}`);

  // A reload on the confirmation: the list of objections with the one sent, sent once.
  await reload(page);
  await waitForState(page, 'the objections list after reloading the confirmation', (s) => s.page === 'Objections');
  await expectHash(page, '#/widersprueche', 'the confirmation reloaded');
  await expectVisible(page.getByText(reference, { exact: false }), `the objection ${reference} in the list`);
  if (await objectionCount(page) !== before + 1) fail(`expected ${before + 1} objections on the server after the reload`);
  await recordScreen(page, artifacts, '03-objections-after-reload.png', { axe: 'objections after reloading the confirmation' });

  // A link to the check step without data: the form. A reload there keeps the form (empty).
  await goTo(page, `${base}/widerspruch/pruefen`);
  await expectVisible(objectionForm(page), 'the form from a link to the check step');
  await expectHash(page, `${base}/widerspruch`, 'a link to the check step');
  await reload(page);
  await expectVisible(objectionForm(page), 'the form after a reload');
  await expectHash(page, `${base}/widerspruch`, 'the form reloaded');
  const after = await reported(page.getByRole('textbox', { name: 'Begründung' }));
  if (!after || after.value !== '') fail(`the reloaded form holds ${JSON.stringify(after && after.value)}`);
  if (await checkStep(page).count() !== 0) fail('the check step shows after a reload without data');
  await recordScreen(page, artifacts, '04-objection-form-reloaded.png', { axe: 'objection form after a reload', checkDrawn: false });
}

async function consentSteps(page, artifacts) {
  await goTo(page, '#/einwilligungen');
  await waitForState(page, 'the consents', (s) => s.page === 'Consents');
  await press(page, page.getByRole('button', { name: 'Einwilligung erteilen', exact: true }), '"Einwilligung erteilen"');
  await expectVisible(page.getByRole('radiogroup', { name: 'Zweck der Einwilligung' }), 'the purpose choice');
  await expectHash(page, '#/einwilligungen/erteilen', 'the consent form');
  const radio = page.getByRole('radio', { name: `${CONSENT_PURPOSE} – ${CONSENT_AGENCY}` });
  await radio.check();
  await waitForReported(radio, 'the client to take the purpose', { checked: true });
  await press(page, page.getByRole('button', { name: 'Weiter zur Prüfung' }), '"Weiter zur Prüfung"');
  await expectVisible(checkStep(page), 'the consent check step');
  await expectHash(page, '#/einwilligungen/erteilen/pruefen', 'the consent check step');

  log('Back from the consent check step');
  await page.evaluate(() => window.history.back());
  await expectHash(page, '#/einwilligungen/erteilen', 'Back to the consent form');
  await waitForReported(page.getByRole('radio', { name: `${CONSENT_PURPOSE} – ${CONSENT_AGENCY}` }),
    'the purpose still chosen after Back', { checked: true });
  log('Forward and give it');
  await page.evaluate(() => window.history.forward());
  await expectVisible(checkStep(page), 'the consent check step after Forward');
  await page.getByRole('button', { name: 'Einwilligung erteilen', exact: true }).click();
  await expectVisible(page.getByRole('heading', { name: 'Einwilligung erteilt' }), 'the confirmation');
  await expectHash(page, '#/einwilligungen/erteilen/bestaetigung', 'the consent confirmation');
  await recordScreen(page, artifacts, '05-consent-done.png', { axe: 'consent confirmation', checkDrawn: false });

  log('Back from the confirmation');
  await page.evaluate(() => window.history.back());
  await expectHash(page, '#/einwilligungen', 'Back from the confirmation: the list');
  await expectVisible(page.getByRole('button', { name: `Einwilligung widerrufen: ${CONSENT_PURPOSE}` }),
    'the consent given in the list');
  if (await page.getByRole('radiogroup', { name: 'Zweck der Einwilligung' }).count() !== 0) {
    fail('Back from the confirmation shows the form again');
  }
}

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLoginScreen(page, baseUrl);
  await logIn(page, DEMO_USER, { role: 'citizen' });
  await objectionSteps(page, artifacts);
  await consentSteps(page, artifacts);
}

runBrowserTest('urls_flows', scenario, {}, { budgetMs: 140_000 });
