#!/usr/bin/env node
// the DPO's decision of an objection and the agency's purpose proposal at the viewport "desktop"; journeys.mjs says which driver runs them here.
//
// Usage: node journeys_staff_1366.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { runJourneysTest } from './journeys.mjs';

runJourneysTest('journeys_staff_1366', 'desktop', 'staff');
