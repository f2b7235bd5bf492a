/**
 * Faults from the options, from the first request of each test: a forced status on one
 * operation, and dropped connections, which the page sees as a failed fetch. And an answer
 * the mocks cannot give (a handler that throws) fails the test that caused it, with its
 * error, instead of leaving the page waiting.
 */
import { http } from 'msw';
import { AUVIOUS_AUTH, expect, inPage, test } from './fixtures.ts';

test.use({ mocksOptions: { apis: ['auvious'], baseUrl: 'https://auvious.example' } });

const API = 'https://auvious.example';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test.describe('with a forced status on getTicket', () => {
  test.use({
    mocksOptions: {
      apis: ['auvious'],
      baseUrl: API,
      faults: { routes: { 'auvious.getTicket': { errorRate: 1, errorStatus: 503 } } },
    },
  });

  test('the page gets 503 there, and the other operations answer as usual', async ({ page, mocks }) => {
    const created = await inPage(page, `${API}/security/ticket`, {
      method: 'POST',
      headers: AUVIOUS_AUTH,
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
    });
    expect(created).toMatchObject({ status: 200 });
    const id = (created as { json: { id: string } }).json.id;
    expect(await inPage(page, `${API}/security/ticket/${id}`, { headers: AUVIOUS_AUTH })).toMatchObject({
      status: 503,
    });
    expect(mocks.control.getFaults()).toEqual({
      routes: { 'auvious.getTicket': { errorRate: 1, errorStatus: 503 } },
    });
  });
});

test.describe('with every connection dropped', () => {
  test.use({ mocksOptions: { apis: ['auvious'], baseUrl: API, faults: { dropRate: 1 } } });

  test("the page's fetch fails as on a network error", async ({ page, mocks }) => {
    const answer = await inPage(page, `${API}/security/ticket/abc-123`, { headers: AUVIOUS_AUTH });
    expect(answer).toEqual({ error: 'TypeError: Failed to fetch' });
    expect(mocks.control.journal().map((entry) => entry.operationId)).toEqual(['auvious.getTicket']);
  });
});

test('without faults in the options, the same request is answered', async ({ page }) => {
  expect(await inPage(page, `${API}/security/ticket/abc-123`, { headers: AUVIOUS_AUTH })).toMatchObject({
    status: 404,
  });
});

// Expected to fail: the runner test checks that its error is the handler's
test('a handler that throws fails its test with that error, and the page gets a network error', async ({
  page,
  mocks,
}) => {
  test.fail();
  mocks.use(
    http.get(`${API}/security/ticket/:id`, () => {
      throw new Error('handler broke on purpose');
    }),
  );
  expect(await inPage(page, `${API}/security/ticket/abc-123`, { headers: AUVIOUS_AUTH })).toEqual({
    error: 'TypeError: Failed to fetch',
  });
  // the body itself passes: the failure comes from the fixture, as the test ends
});
