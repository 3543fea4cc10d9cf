#!/usr/bin/env node
// The DPO's decision of an objection (case, check step, binding decision) at the viewport "zoom200"; journeys.mjs says which driver runs it here.
//
// Usage: node journeys_dpo_zoom200.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { runJourneysTest } from './journeys.mjs';

runJourneysTest('journeys_dpo_zoom200', 'zoom200', 'dpo');
