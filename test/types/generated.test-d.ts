/**
 * The generated types say what the seed documents say.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { components as AdminserverComponents } from '../../src/generated/adminserver.ts';
import type { components as AuviousComponents, operations as AuviousOperations } from '../../src/generated/auvious.ts';
import type { components as OctopusComponents, operations as OctopusOperations } from '../../src/generated/octopus.ts';

type AuviousTicket = AuviousComponents['schemas']['Ticket'];
type Service = OctopusComponents['schemas']['Service'];
type PurchasableTicket = AdminserverComponents['schemas']['PurchasableTicket'];

describe('Auvious (seed 001)', () => {
  it('types Ticket.type as the union of the nine documented values', () => {
    expectTypeOf<NonNullable<AuviousTicket['type']>>().toEqualTypeOf<
      | 'APPOINTMENTS_SCHEDULE_TICKET'
      | 'GENESYS_MULTI_USE_TICKET'
      | 'GENESYS_SCHEDULE_TICKET'
      | 'GENESYS_SINGLE_USE_TICKET'
      | 'MULTI_USE_TICKET'
      | 'SCHEDULE_TICKET'
      | 'SINGLE_USE_APPOINTMENTS_SCHEDULE_TICKET'
      | 'SINGLE_USE_SCHEDULE_TICKET'
      | 'SINGLE_USE_TICKET'
    >();
  });

  it('makes every Ticket property optional, as the seed marks them', () => {
    expectTypeOf<AuviousTicket['id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AuviousTicket['expired']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<AuviousTicket['version']>().toEqualTypeOf<number | undefined>();
  });

  it('requires properties and type to create a ticket', () => {
    type Create = AuviousComponents['schemas']['CreateTicketWebCommand'];
    expectTypeOf<Create['type']>().toEqualTypeOf<AuviousComponents['schemas']['TicketType']>();
    // exactly the schema, no `| undefined`: the property is required
    expectTypeOf<Create['properties']>().toEqualTypeOf<AuviousComponents['schemas']['TicketProperties']>();
    expectTypeOf<Create['disabled']>().toEqualTypeOf<boolean | undefined>();
  });

  it('answers a Ticket on GET /security/ticket/{ticketId}', () => {
    type Ok = AuviousOperations['getTicket']['responses'][200]['content']['application/json'];
    expectTypeOf<Ok>().toEqualTypeOf<AuviousTicket>();
  });
});

describe('Octopus (seed 000)', () => {
  it('types Service.id as a number and LocationId as a string', () => {
    expectTypeOf<Service['id']>().toEqualTypeOf<number>();
    expectTypeOf<Service['LocationId']>().toEqualTypeOf<string>();
  });

  it('types the 0/1 flags as integers 0 | 1, not booleans', () => {
    expectTypeOf<Service['deleted']>().toEqualTypeOf<0 | 1>();
    expectTypeOf<Service['showLogin']>().toEqualTypeOf<0 | 1>();
  });

  it('types the nested service type with four booleans', () => {
    expectTypeOf<Service['type']['timetofinish']>().toEqualTypeOf<boolean>();
    expectTypeOf<Service['type']['onlinetime']>().toEqualTypeOf<boolean>();
    expectTypeOf<Service['type']['timetolimit']>().toEqualTypeOf<boolean>();
    expectTypeOf<Service['type']['limittraffic']>().toEqualTypeOf<boolean>();
  });

  it('requires the service parameter to create a ticket, as a string or the number the services list answers', () => {
    type Body = NonNullable<OctopusOperations['createTicket']['requestBody']>['content']['application/json'];
    expectTypeOf<Body['service']>().toEqualTypeOf<string | number>();
    expectTypeOf<Body['format']>().toEqualTypeOf<'print' | 'email' | undefined>();
    expectTypeOf<Body['numusers']>().toEqualTypeOf<number | undefined>();
  });
});

describe('Adminserver (seed 002)', () => {
  it('types price as a number and the dates as strings', () => {
    expectTypeOf<PurchasableTicket['price']>().toEqualTypeOf<number>();
    expectTypeOf<PurchasableTicket['eventStartDate']>().toEqualTypeOf<string>();
  });

  it('types grants with a target, and only userRole grants as input', () => {
    type Grant = PurchasableTicket['grants'][number];
    expectTypeOf<Grant['grantType']>().toEqualTypeOf<string>();
    expectTypeOf<Grant['grantTarget']>().toEqualTypeOf<string>();
    type GrantInput = NonNullable<AdminserverComponents['schemas']['PurchasableTicketInput']['grants']>[number];
    expectTypeOf<GrantInput['grantType']>().toEqualTypeOf<'userRole'>();
  });

  it('lets a client leave out the optional ticket members, or send null for them (Go reads null as absent)', () => {
    type Input = AdminserverComponents['schemas']['PurchasableTicketInput'];
    expectTypeOf<Input['productId']>().toEqualTypeOf<string>();
    expectTypeOf<Input['discount']>().toEqualTypeOf<string | null | undefined>();
  });

  it('types the error envelope as {status, code, message}', () => {
    expectTypeOf<AdminserverComponents['schemas']['RpcError']>().toEqualTypeOf<{
      status: boolean;
      code: number;
      message: string;
    }>();
  });
});
