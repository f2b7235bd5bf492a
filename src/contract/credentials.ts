/**
 * Credentials the suite uses. Every one defaults to ticketmock's demo credential
 * (DESIGN.md, "Demo credentials"), so a run against `npm start` needs none.
 */
import { ADMINSERVER_DEMO, AUVIOUS_DEMO, OCTOPUS_DEMO } from '../fixtures/demo.js';

export interface Credentials {
  /** Octopus API key, or Auvious bearer token. */
  readonly token?: string | undefined;
  /** A second tenant's credential (Octopus key, Auvious token, Adminserver session id), for isolation checks. */
  readonly otherToken?: string | undefined;
  /** Auvious client credentials, for `/security/oauth/token`. */
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  /** Adminserver login. */
  readonly email?: string | undefined;
  readonly password?: string | undefined;
  /** Octopus Location the key is granted. */
  readonly location?: string | undefined;
  /** Adminserver network the user manages. */
  readonly network?: string | undefined;
}

/** The demo credential of each API, for what `credentials` leaves out. */
export function octopusCredentials(credentials: Credentials) {
  return {
    token: credentials.token ?? OCTOPUS_DEMO.key,
    otherToken: credentials.otherToken ?? (credentials.token === undefined ? OCTOPUS_DEMO.otherKey : undefined),
    location: credentials.location ?? OCTOPUS_DEMO.location,
  };
}

export function auviousCredentials(credentials: Credentials) {
  return {
    token: credentials.token ?? AUVIOUS_DEMO.token,
    otherToken: credentials.otherToken ?? (credentials.token === undefined ? AUVIOUS_DEMO.otherToken : undefined),
    clientId: credentials.clientId ?? AUVIOUS_DEMO.client.id,
    clientSecret: credentials.clientSecret ?? AUVIOUS_DEMO.client.secret,
  };
}

export function adminserverCredentials(credentials: Credentials) {
  const demo = credentials.email === undefined;
  return {
    email: credentials.email ?? ADMINSERVER_DEMO.admin.email,
    password: credentials.password ?? ADMINSERVER_DEMO.admin.password,
    network: credentials.network ?? ADMINSERVER_DEMO.network,
    otherToken: credentials.otherToken,
    /** Without an explicit other session, the demo's second tenant logs in (demo runs only). */
    otherLogin: credentials.otherToken === undefined && demo ? ADMINSERVER_DEMO.other : undefined,
  };
}
