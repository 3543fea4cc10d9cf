#!/usr/bin/env node
// Tab after fixing an error in the agency's purpose form and the DPO's decision (see
// focus_forms.mjs).
//
// Usage: node focus_forms_staff.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { openLoginScreen, runBrowserTest } from './harness.mjs';
import { logIn, logOut } from './steps.mjs';
import { decisionForm, purposeForm } from './focus_forms.mjs';

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1366, height: 800 });
  await openLoginScreen(page, baseUrl);
  await logIn(page, 'kfz', { role: 'agency' });
  await purposeForm(page, artifacts);
  await logOut(page);
  await logIn(page, 'dsb', { role: 'dpo' });
  await decisionForm(page, artifacts);
}

runBrowserTest('focus_forms_staff', scenario, {}, { budgetMs: 115_000 });
