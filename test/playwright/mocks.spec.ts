/**
 * What each test gets: its own seeded mocks (nothing one test made is there in the next),
 * the seed it asks for, the APIs answered inside the browser on any origin when no
 * `baseUrl` is given (the app server never sees those requests, and keeps seeing the rest),
 * headers both ways (Adminserver's session cookie), handlers for one test (`mocks.use`), and
 * the journal the runner test compares with the file the fixture writes.
 */

import { HttpResponse, http } from 'msw';
import { createMocks } from 'ticketmock';
import { AUVIOUS_AUTH, expect, inPage, seenByApp, test } from './fixtures.ts';

test.beforeEach(async ({ page }) => {
  // `?api=`: the app calls the APIs on its own origin
  await page.goto('/?api=');
});

test.describe('one test after another in one worker', () => {
  test.describe.configure({ mode: 'serial' });
  let made: string | undefined;

  test('the first makes an Auvious ticket', async ({ page, mocks }) => {
    const created = await inPage(page, '/security/ticket', {
      method: 'POST',
      headers: AUVIOUS_AUTH,
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
    });
    expect(created).toMatchObject({ status: 200 });
    made = (created as { json: { id: string } }).json.id;
    expect(mocks.db.auvious.tickets.findFirst((q) => q.where({ id: made as string }))).toBeDefined();
  });

  test('the next starts from the seeded data again', async ({ page, mocks }) => {
    expect(made).toMatch(/^[a-z0-9]{3}-[a-z0-9]{3}$/);
    expect(await inPage(page, `/security/ticket/${made}`, { headers: AUVIOUS_AUTH })).toMatchObject({ status: 404 });
    expect(mocks.db.auvious.tickets.findFirst((q) => q.where({ id: made as string }))).toBeUndefined();
    expect(mocks.control.journal().map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      `GET /security/ticket/${made} 404`,
    ]);
  });
});

test.describe('with mocksOptions.seed', () => {
  test.use({ mocksOptions: { apis: ['auvious'], seed: 7 } });

  test("the test's data is that seed's", async ({ mocks }) => {
    // the seeded timestamps follow the clock; the ids are the seed's alone
    const ids = async (seed: number) =>
      (await createMocks({ apis: ['auvious'], seed })).db.auvious.tickets.findMany().map((ticket) => ticket.id);
    const mine = mocks.db.auvious.tickets.findMany().map((ticket) => ticket.id);
    expect(mocks.engine.seed).toBe(7);
    expect(mocks.engine.apiNames).toEqual(['auvious']);
    expect(mine).toEqual(await ids(7));
    expect(mine).not.toEqual(await ids(1));
  });
});

test("the APIs' paths on the app's own origin are answered in the browser; its other paths reach it", async ({
  page,
  baseURL,
}) => {
  const probe = `probe=${test.info().testId}`;
  const answer = await inPage(page, `/security/ticket/abc-123?${probe}`, { headers: AUVIOUS_AUTH });
  // Auvious's own 404, from the mock
  expect(answer).toMatchObject({ status: 404, json: expect.anything() });
  const file = await inPage(page, `/app.js?${probe}`);
  expect(file).toMatchObject({ status: 200 });
  const seen = (await seenByApp(baseURL)).filter((line) => line.includes(probe));
  expect(seen).toEqual([`GET /app.js?${probe}`]);
});

test('headers go both ways: the Adminserver session cookie from the login is sent with the next call', async ({
  page,
  mocks,
}) => {
  const login = await inPage(page, '/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.test', password: 'demo-password' }),
  });
  expect(login).toMatchObject({ status: 200 });
  const cookies = await page.context().cookies();
  expect(cookies.map((cookie) => cookie.name)).toContain('sessionId');
  // no X-Session-Id: only the cookie carries the session
  const list = await inPage(page, '/jsonRpc/ticket.getPurchasableTickets', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-network': 'demo-network' },
    body: '{}',
  });
  expect(list).toMatchObject({ status: 200, json: { data: expect.anything() } });
  expect(mocks.control.journal().map((entry) => entry.operationId)).toEqual([
    'adminserver.auth.login',
    'adminserver.ticket.getPurchasableTickets',
  ]);
});

test('mocks.use answers before the mocks for this test; resetHandlers drops it', async ({ page, mocks }) => {
  mocks.use(http.get('*/security/ticket/:id', () => HttpResponse.json({ overridden: true }, { status: 503 })));
  expect(await inPage(page, '/security/ticket/abc-123', { headers: AUVIOUS_AUTH })).toMatchObject({
    status: 503,
    json: { overridden: true },
  });
  mocks.resetHandlers();
  expect(await inPage(page, '/security/ticket/abc-123', { headers: AUVIOUS_AUTH })).toMatchObject({ status: 404 });
});

test('the journal holds what the page asked (the runner compares it with the file)', async ({ page, mocks }) => {
  await inPage(page, '/rest/v1/Location/28XXX004/services', { headers: { authorization: 'Bearer octopus-demo-key' } });
  await inPage(page, '/security/ticket/abc-123', { headers: AUVIOUS_AUTH });
  const journal = mocks.control.journal();
  expect(journal.map((entry) => `${entry.operationId} ${entry.status}`)).toEqual([
    'octopus.getServices 200',
    'auvious.getTicket 404',
  ]);
  await test.info().attach('journal', { body: JSON.stringify(journal), contentType: 'application/json' });
});

// Expected to fail: the runner test checks its error
test.fail(
  'asking for mockSession without a server fails the test, saying to ask for mocks',
  async ({ mockSession }) => {
    await mockSession.control.reset();
  },
);
