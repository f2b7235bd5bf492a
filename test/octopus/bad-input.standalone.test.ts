import { standalone } from '../helpers/targets.ts';
import { octopusBadInputCases } from './bad-input.case.ts';

// One target per file: each file runs in a worker of its own, so msw's in-process
// interception can never answer the standalone server's requests.
octopusBadInputCases(standalone);
