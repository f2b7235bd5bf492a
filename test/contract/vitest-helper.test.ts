/** `describeContract` registers passing tests for a conforming server (ticketmock in-process). */
import { describeContract } from '../../src/contract/vitest.ts';
import { inProcessTarget } from '../helpers/contract.ts';

const target = await inProcessTarget();

describeContract({
  api: ['octopus', 'adminserver'],
  baseUrl: target.baseUrl,
  fetch: target.fetch,
  mutating: true,
  burst: 150,
  minCoverage: 100,
});
