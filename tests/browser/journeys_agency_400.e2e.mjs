#!/usr/bin/env node
// Agency staff propose a purpose (errors first, then every field) at the viewport "small"; journeys.mjs says which driver runs it here.
//
// Usage: node journeys_agency_400.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { runJourneysTest } from './journeys.mjs';

runJourneysTest('journeys_agency_400', 'small', 'agency');
