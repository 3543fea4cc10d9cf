#!/usr/bin/env node
// Erika's journeys (history → detail → objection, consent withdrawal, export) at the viewport "desktop"; journeys.mjs says which driver runs them here.
//
// Usage: node journeys_citizen_1366.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { runJourneysTest } from './journeys.mjs';

runJourneysTest('journeys_citizen_1366', 'desktop', 'citizen');
