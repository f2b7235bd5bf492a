/**
 * `baseUrl` with several origins: the app (on 127.0.0.1) calls Octopus and Auvious on
 * origins of their own, across origins (the answers carry the standalone server's CORS
 * grant, so the page can read `Allow` and `Location` too); the same paths on the app's own origin are not the mock's and reach the app
 * server.
 */
import { AUVIOUS_AUTH, expect, inPage, seenByApp, test } from './fixtures.ts';

const OCTOPUS = 'https://octopus.example';
const AUVIOUS = 'https://auvious.example';

test.use({ mocksOptions: { apis: ['octopus', 'auvious'], baseUrl: [OCTOPUS, AUVIOUS] } });

test('each API on its own origin, read across origins; the app origin keeps its own paths', async ({
  page,
  baseURL,
  mocks,
}) => {
  await page.goto('/');
  const services = await inPage(page, `${OCTOPUS}/rest/v1/Location/28XXX004/services`, {
    headers: { authorization: 'Bearer octopus-demo-key' },
  });
  expect(services).toMatchObject({ status: 200, json: { data: expect.any(Array) } });
  const created = await inPage(page, `${AUVIOUS}/security/ticket`, {
    method: 'POST',
    headers: AUVIOUS_AUTH,
    body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
  });
  expect(created).toMatchObject({ status: 200, json: { organizationId: 'demo-org' } });
  // the grant the standalone server gives: this origin may read Allow (and Location)
  const wrongMethod = await inPage(page, `${AUVIOUS}/security/ticket`, { method: 'DELETE', headers: AUVIOUS_AUTH });
  expect(wrongMethod).toMatchObject({ status: 405, headers: { allow: expect.stringContaining('POST') } });

  const probe = `probe=${test.info().testId}`;
  const own = await inPage(page, `/security/ticket/abc-123?${probe}`, { headers: AUVIOUS_AUTH });
  expect(own).toMatchObject({ status: 404, text: 'not found' });
  expect((await seenByApp(baseURL)).filter((line) => line.includes(probe))).toEqual([
    `GET /security/ticket/abc-123?${probe}`,
  ]);
  expect(mocks.control.journal().map((entry) => `${entry.operationId} ${entry.status}`)).toEqual([
    'octopus.getServices 200',
    'auvious.createTicket 200',
    'null 405',
  ]);
});

test('an origin that is not the mock reaches nothing outside this machine', async ({ page }) => {
  await page.goto('/');
  const elsewhere = await inPage(page, 'https://adminserver.example/auth/login', { method: 'POST', body: '{}' });
  expect(elsewhere).toEqual({ error: 'TypeError: Failed to fetch' });
});
