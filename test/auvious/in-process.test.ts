import { inProcess } from '../helpers/targets.ts';
import { auviousCases } from './auvious.case.ts';

auviousCases(inProcess);
