import { standaloneTarget } from '../helpers/contract.ts';
import { contractAgainstMock } from './mock.case.ts';

contractAgainstMock('standalone server', standaloneTarget);
