/**
 * Deterministic by seed (DESIGN.md): two runs with the same seed and clock export the same
 * state byte for byte, whichever adapter serves them. No msw interception in this file:
 * both servers are real and separate.
 */
import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/core/clock.ts';
import { createMocks } from '../../src/mocks.ts';
import { standalone, T0 } from '../helpers/targets.ts';

async function exported(seed: number): Promise<string> {
  const target = await standalone.start(['octopus', 'auvious', 'adminserver'], seed);
  try {
    return await (await fetch(`${target.baseUrl}/__mock/state`)).text();
  } finally {
    await target.close();
  }
}

describe('seeded data', () => {
  it('is identical, byte for byte, from two servers with the same seed', async () => {
    const [first, second] = await Promise.all([exported(7), exported(7)]);
    expect(first.length).toBeGreaterThan(1000);
    expect(second).toBe(first);
  });

  it('differs for another seed, in every API', async () => {
    const seven = JSON.parse(await exported(7)) as { apis: Record<string, unknown> };
    const eight = JSON.parse(await exported(8)) as { apis: Record<string, unknown> };
    expect(Object.keys(seven.apis)).toEqual(['octopus', 'auvious', 'adminserver']);
    for (const api of Object.keys(seven.apis)) {
      expect(JSON.stringify(eight.apis[api]), api).not.toBe(JSON.stringify(seven.apis[api]));
    }
  });

  it('is the same in-process as on the standalone server', async () => {
    const mocks = await createMocks({ seed: 7, clock: createClock({ now: T0 }) });
    expect(JSON.stringify(mocks.control.getState())).toBe(await exported(7));
  });
});
