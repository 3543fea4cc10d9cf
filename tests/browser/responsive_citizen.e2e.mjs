#!/usr/bin/env node
// Responsive layout for the citizen (see responsive.mjs): Erika's six pages at 320, 400, 768
// and 1366 px and 200 % zoom, then her journey history → detail → objection form at 320 px.
//
// Usage: node responsive_citizen.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { runResponsiveTest } from './responsive.mjs';

runResponsiveTest('responsive_citizen', [{ user: 'erika', role: 'citizen' }], { journey: true });
