import { inProcess } from '../helpers/targets.ts';
import { seedExampleCases } from './seed-examples.case.ts';

seedExampleCases(inProcess);
