import { standalone } from '../helpers/targets.ts';
import { seedExampleCases } from './seed-examples.case.ts';

seedExampleCases(standalone);
