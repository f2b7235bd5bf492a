/**
 * The seeds' request examples, transcribed (the package and CI need no copy of
 * `shared/`); `seed-bodies.test.ts` holds each against the seed's own text where that
 * folder is beside the project.
 */

/** Seed 000, "Get Services of Location", the 200 example's service (the id a client copies into `service`). */
export const OCTOPUS_SERVICE = {
  id: 59219,
  LocationId: '28XXX004',
  typeId: 'ttf',
  name: 'Ticket - 1 Hora',
  price: 0,
  status: 1,
  onlineTime: 0,
  expTime: 3600,
  tpv: 0,
  pms: 0,
  showLogin: 1,
  simDevices: 10,
  maxUsers: 1,
  loginMethod: 'general',
  download: 0,
  upload: 0,
  downrate: 0,
  uprate: 0,
  dailyLimit: 0,
  validUntil: 15552000,
  vip: 0,
  validateEmail: 0,
  deleted: 0,
  withRegistration: 0,
  macCaching: 0,
  issueOrder: 0,
  type: {
    id: 'ttf',
    description: 'Tiempo corrido',
    timetofinish: true,
    onlinetime: false,
    timetolimit: false,
    limittraffic: false,
  },
} as const;

/** Seed 001, "Create a ticket", Request body: exactly as the page shows it. */
export const AUVIOUS_CREATE = {
  disabled: true,
  length: 0,
  organizationId: 'string',
  properties: {},
  type: 'APPOINTMENTS_SCHEDULE_TICKET',
} as const;

/** Seed 001, "Update a ticket", Request body. */
export const AUVIOUS_UPDATE = { organizationId: 'string', properties: {} } as const;

/**
 * Seed 002, the `ticket` of create and update: every member the page lists, in its order,
 * with a value of the type it gives (`timestamp` as RFC 3339; `grantType` `userRole` and
 * `grantTarget` `roleId:roleTarget` as written).
 */
export const ADMINSERVER_TICKET = {
  productId: 'seed-gala-2026',
  eventName: 'Gala 2026',
  eventStartDate: '2026-12-31T20:00:00Z',
  eventEndDate: '2026-12-31T23:59:00Z',
  ticketType: 'single',
  ticketName: 'Gala entry',
  ticketDescription: 'Entry to the New Year gala',
  price: 25.5,
  thumbnailId: 'res-thumb-1',
  discount: '10% off',
  grants: [{ grantType: 'userRole', grantTarget: 'roleId:roleTarget' }],
} as const;
