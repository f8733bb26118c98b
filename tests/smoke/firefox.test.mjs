// The teacher's journey in Firefox (tests/smoke/journey.mjs).
import { test } from 'node:test';
import { journey } from './journey.mjs';
import { firefox } from './drivers.mjs';

test('Firefox: the whole journey, each file once, no errors', { timeout: 180_000 }, () => journey(firefox));
