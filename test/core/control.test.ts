import { TARGETS } from '../helpers/targets.ts';
import { controlCases } from './control.case.ts';

for (const target of TARGETS) controlCases(target);
