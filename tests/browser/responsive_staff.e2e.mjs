#!/usr/bin/env node
// Responsive layout for the DPO's and agency staff's pages (see responsive.mjs), at 320, 400,
// 768 and 1366 px and 200 % zoom.
//
// Usage: node responsive_staff.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { runResponsiveTest } from './responsive.mjs';

runResponsiveTest('responsive_staff', [{ user: 'dsb', role: 'dpo' }, { user: 'kfz', role: 'agency' }]);
