// Focus is never lost after an error is fixed (issue 10, item 3): in each form, submit with an
// error, follow the error summary's link to the field (or go back to it where the summary has
// no links), type the fix, press Tab: the page's focus is on the next control, the client
// reports it focused and draws the ring there, also after the form checked its errors again
// (the summary shrinks above the fields, which moves mirrored elements). axe-core on each
// fixed form. Run by focus_forms_staff.e2e.mjs and focus_forms_citizen.e2e.mjs.
import { fail, log, reported, waitForReported, waitForState } from './harness.mjs';
import { expectVisible, fillIn, focusControl, openPage, press, recordScreen } from './steps.mjs';
import { expectFocusOn, expectRing } from './focus_checks.mjs';

// Types `text` into the focused `field`, presses Tab and expects the focus on `next`, with
// the ring, and the field's text kept. A form that checks its errors again when a field is
// left (`rechecks`) has the field valid again by then.
async function fixThenTab(page, field, text, next, what, { rechecks = true } = {}) {
  await page.keyboard.type(text);
  await waitForReported(field, `the client to hold the text typed into ${what}`, { value: text });
  await page.keyboard.press('Tab');
  await expectFocusOn(page, next, `the control after ${what}`);
  await expectRing(page, next, `the control after ${what}`);
  if (rechecks) {
    await waitForReported(field, `${what} no longer invalid`, { invalid: false });
    await expectFocusOn(page, next, `the control after ${what}, once the errors were checked again`);
  }
  const kept = await reported(field);
  if (kept.value !== text) fail(`${what} holds ${JSON.stringify(kept.value)} after Tab`);
  log(`${what}: fixed, Tab went on to the next control`);
}

export async function purposeForm(page, artifacts) {
  await openPage(page, 'Zwecke', 'Purposes');
  await press(page, page.getByRole('button', { name: 'Neuen Zweck vorschlagen' }), 'button "Neuen Zweck vorschlagen"');
  await press(page, page.getByRole('button', { name: 'Zur Prüfung einreichen' }), 'the submit button');
  const summary = page.getByRole('alert').filter({ has: page.getByRole('link') });
  await expectVisible(summary, 'the error summary');
  await press(page, summary.getByRole('link', { name: 'Bitte geben Sie einen Namen an.' }), 'the summary entry of the name');
  const name = page.getByRole('textbox', { name: 'Name des Zwecks' });
  await expectFocusOn(page, name, 'the name after its summary entry');
  const description = page.getByRole('textbox', { name: 'Beschreibung' });
  await fixThenTab(page, name, 'Prüfung der Halterdaten', description, 'the purpose\'s name');
  // With the focus in the description, a click on its summary entry: the link takes the page's
  // focus and hands it on to the field at once (ImGui's focus never left the field).
  await summary.getByRole('link', { name: 'Bitte beschreiben Sie den Zweck.' }).click();
  await expectFocusOn(page, description, 'the description after a click on its summary entry');
  await recordScreen(page, artifacts, '01-purpose-form-fixed.png', { axe: 'purpose form, an error fixed' });
}

// The citizen's objection form: "Weiter" without a reason, the summary's link to the reason.
export async function objectionForm(page, artifacts) {
  await openPage(page, 'Zugriffe', 'Accesses');
  await waitForState(page, 'the history with rows', (s) => s.page === 'Accesses' && !s.loading && s.rows > 0);
  const rows = page.getByRole('table', { name: 'Zugriffe auf Ihre Daten' }).getByRole('row');
  const dialog = page.getByRole('dialog', { name: 'Einzelheiten zum Zugriff' });
  const object = dialog.getByRole('button', { name: 'Widerspruch einlegen' });
  for (let i = 1; ; ++i) {
    if (i > 12) fail('no access among the first rows one could object to');
    await press(page, rows.nth(i).getByRole('link'), `the time of row ${i}`);
    await expectVisible(dialog.getByRole('heading', { name: 'Eintrag im Zweckregister' }).or(
      dialog.getByText('Mit diesem Abruf ist kein Eintrag')), 'the detail loaded');
    if (await object.count() === 1) break;
  }
  await press(page, object, 'button "Widerspruch einlegen"');
  await expectVisible(page.getByRole('heading', { name: 'Widerspruch einlegen', level: 2 }), 'the objection form');
  await press(page, page.getByRole('button', { name: 'Weiter' }), 'button "Weiter"');
  await expectVisible(page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie' }), 'the error summary of the objection form');
  await press(page, page.getByRole('link', { name: 'Bitte begründen Sie Ihren Widerspruch.' }), 'the summary entry of the reason');
  const reason = page.getByRole('textbox', { name: 'Begründung' });
  await expectFocusOn(page, reason, 'the reason after its summary entry');
  await fixThenTab(page, reason, 'Ich bin von der Meldepflicht befreit.',
    page.getByRole('checkbox', { name: 'Verarbeitung bis zur Entscheidung einschränken' }), 'the objection\'s reason',
    { rechecks: false });
  await recordScreen(page, artifacts, '02-objection-form-fixed.png', { axe: 'objection form, an error fixed' });
  await press(page, page.getByRole('button', { name: 'Abbrechen' }), 'button "Abbrechen"');
}

// Giving a consent: an impossible date first; the summary's link leads back to the date.
export async function consentForm(page, artifacts) {
  await openPage(page, 'Einwilligungen', 'Consents');
  await press(page, page.getByRole('button', { name: 'Einwilligung erteilen', exact: true }), '"Einwilligung erteilen"');
  await expectVisible(page.getByRole('radiogroup', { name: 'Zweck der Einwilligung' }), 'the purpose choice');
  await press(page, page.getByRole('radiogroup', { name: 'Zweck der Einwilligung' }).getByRole('radio').first(), 'the first purpose', 'Space');
  const date = page.getByRole('textbox', { name: 'Gültig bis (TT.MM.JJJJ)' });
  await fillIn(date, '31.02.2027', 'the date');
  const next = page.getByRole('button', { name: 'Weiter zur Prüfung' });
  await press(page, next, '"Weiter zur Prüfung"');
  const summary = page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie Ihre Angaben' });
  await expectVisible(summary, 'the error summary');
  await waitForReported(date, 'the date marked invalid', { invalid: true });
  await press(page, summary.getByRole('link'), 'the summary entry of the date');
  await expectFocusOn(page, date, 'the date after its summary entry');
  await page.keyboard.press('Control+A');
  await fixThenTab(page, date, `30.06.${new Date().getFullYear() + 2}`, next, 'the consent\'s date', { rechecks: false });
  await recordScreen(page, artifacts, '03-consent-form-fixed.png', { axe: 'consent form, an error fixed' });
}

// The DPO's decision: checked without a reason, the summary's link followed to the reason, the
// reason written, Tab to "Weiter zur Prüfung".
export async function decisionForm(page, artifacts) {
  const table = page.getByRole('table', { name: 'Offene Widersprüche, nach Frist geordnet' });
  await expectVisible(table, 'the DPO\'s queue');
  await press(page, table.getByRole('link').first(), 'the first open objection');
  await press(page, page.getByRole('radio', { name: 'zurückweisen' }), 'radio "zurückweisen"', 'Space');
  const save = page.getByRole('button', { name: 'Weiter zur Prüfung' });
  await press(page, save, 'button "Weiter zur Prüfung"');
  const reason = page.getByRole('textbox', { name: 'Begründung (wird der Bürgerin oder dem Bürger mitgeteilt)' });
  await waitForReported(reason, 'the empty reason marked invalid', { invalid: true });
  await press(page, page.getByRole('link', { name: 'Bitte geben Sie eine Begründung an.' }), 'the summary\'s link to the reason');
  await focusControl(reason, 'the reason of the decision');
  await fixThenTab(page, reason, 'Die Verarbeitung ist gesetzlich vorgeschrieben.', save, 'the decision\'s reason',
    { rechecks: false });
  await recordScreen(page, artifacts, '04-decision-form-fixed.png', { axe: 'decision form, an error fixed' });
}

