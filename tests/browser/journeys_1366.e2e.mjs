#!/usr/bin/env node
// The main journeys of the three roles at the viewport "desktop" (see journeys.mjs for which
// driver runs which journey here).
//
// Usage: node journeys_1366.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { runJourneysTest } from './journeys.mjs';

runJourneysTest('journeys_1366', 'desktop');
