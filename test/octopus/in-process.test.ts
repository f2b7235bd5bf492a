import { inProcess } from '../helpers/targets.ts';
import { octopusCases } from './octopus.case.ts';

octopusCases(inProcess);
