#!/usr/bin/env node
// Tab after fixing an error in the citizen's objection form and in giving a consent (see
// focus_forms.mjs).
//
// Usage: node focus_forms_citizen.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { openLoginScreen, runBrowserTest } from './harness.mjs';
import { logIn } from './steps.mjs';
import { consentForm, objectionForm } from './focus_forms.mjs';

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1366, height: 800 });
  await openLoginScreen(page, baseUrl);
  await logIn(page, 'erika');
  await objectionForm(page, artifacts);
  await consentForm(page, artifacts);
}

runBrowserTest('focus_forms_citizen', scenario, {}, { budgetMs: 115_000 });
