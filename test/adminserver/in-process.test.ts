import { inProcess } from '../helpers/targets.ts';
import { adminserverCases } from './adminserver.case.ts';

adminserverCases(inProcess);
