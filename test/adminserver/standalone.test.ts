import { standalone } from '../helpers/targets.ts';
import { adminserverCases } from './adminserver.case.ts';

adminserverCases(standalone);
