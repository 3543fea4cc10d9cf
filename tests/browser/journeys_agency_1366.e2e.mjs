#!/usr/bin/env node
// Agency staff propose a purpose (errors first, then every field) at the viewport "desktop"; journeys.mjs says which driver runs it here.
//
// Usage: node journeys_agency_1366.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { runJourneysTest } from './journeys.mjs';

runJourneysTest('journeys_agency_1366', 'desktop', 'agency');
