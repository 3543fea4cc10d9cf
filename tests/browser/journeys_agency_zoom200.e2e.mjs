#!/usr/bin/env node
// Agency staff propose a purpose (errors first, then every field) at the viewport "zoom200"; journeys.mjs says which driver runs it here.
//
// Usage: node journeys_agency_zoom200.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { runJourneysTest } from './journeys.mjs';

runJourneysTest('journeys_agency_zoom200', 'zoom200', 'agency');
