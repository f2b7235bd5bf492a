// A small app under test: it creates an Auvious ticket that lasts 60 seconds, shows whether
// it has expired by this page's own clock (every second), and asks the API on request.
// The API's origin: `?api=<origin>`, `?api=` for this page's own, else https://auvious.example.
const query = new URLSearchParams(location.search);
const api = query.has('api') ? query.get('api') : 'https://auvious.example';
const headers = { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' };
const show = (testId, text) => {
  document.querySelector(`[data-testid="${testId}"]`).textContent = text;
};
let ticket;

const render = () => {
  if (ticket === undefined) return;
  show('ticket-state', Date.now() >= Date.parse(ticket.expiresAt) ? 'expired' : 'valid');
};
setInterval(render, 1000);

const call = async (path, init) => {
  const response = await fetch(`${api}${path}`, { headers, ...init });
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status}`);
  return response.json();
};

document.querySelector('#create').addEventListener('click', async () => {
  try {
    const body = JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { desk: 'front' }, ttl: 60 });
    ticket = await call('/security/ticket', { method: 'POST', body });
    show('ticket-id', ticket.id);
    show('created-at', ticket.createdAt);
    show('expires-at', ticket.expiresAt);
    document.querySelector('#ask').disabled = false;
    render();
  } catch (error) {
    show('error', error.message);
  }
});

document.querySelector('#ask').addEventListener('click', async () => {
  try {
    show('api-expired', '');
    const read = await call(`/security/ticket/${ticket.id}`);
    show('api-expired', String(read.expired));
  } catch (error) {
    show('error', error.message);
  }
});
