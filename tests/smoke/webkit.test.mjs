// The teacher's journey in WebKit, the engine of every iPhone browser
// (tests/smoke/journey.mjs). Needs an X display: run under xvfb-run.
import { test } from 'node:test';
import { journey } from './journey.mjs';
import { webkit } from './drivers.mjs';

test('WebKit: the whole journey, each file once, no errors', { timeout: 180_000 }, () => journey(webkit));
