#!/usr/bin/env node
// Erika withdraws a consent and downloads her export at the viewport "zoom200"; journeys.mjs says which driver runs it here.
//
// Usage: node journeys_rights_zoom200.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { runJourneysTest } from './journeys.mjs';

runJourneysTest('journeys_rights_zoom200', 'zoom200', 'rights');
