import { standalone } from '../helpers/targets.ts';
import { octopusCases } from './octopus.case.ts';

octopusCases(standalone);
