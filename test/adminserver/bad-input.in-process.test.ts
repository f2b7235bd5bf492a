import { inProcess } from '../helpers/targets.ts';
import { adminserverBadInputCases } from './bad-input.case.ts';

// One target per file: each file runs in a worker of its own, so msw's in-process
// interception can never answer the standalone server's requests.
adminserverBadInputCases(inProcess);
