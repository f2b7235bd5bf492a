import { standalone } from '../helpers/targets.ts';
import { controlCases } from './control.case.ts';

// One target per file (see test/auvious/bad-input.in-process.test.ts).
controlCases(standalone);
