import { TARGETS } from '../helpers/targets.ts';
import { auviousBadInputCases } from './bad-input.case.ts';

for (const target of TARGETS) auviousBadInputCases(target);
