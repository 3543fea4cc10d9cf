#!/usr/bin/env node
// Erika's history → detail → objection at the viewport "phone"; journeys.mjs says which driver runs it here.
//
// Usage: node journeys_objection_320.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { runJourneysTest } from './journeys.mjs';

runJourneysTest('journeys_objection_320', 'phone', 'objection');
