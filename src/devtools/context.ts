/** What every view of the panel shares: the client, the session it acts on, and a way to report. */
import { type CallOptions, type ControlReply, type DevtoolsClient, failure } from './client.js';

export interface PanelContext {
  readonly client: DevtoolsClient;
  /** The session the panel acts on (`X-Mock-Session`), or undefined for the default state. */
  session: string | undefined;
  /** Says something in the panel's status line (`error`: in the alert style, announced). */
  say(message: string, kind?: 'ok' | 'error'): void;
  /** A control call on the current session; a non-2xx answer is reported and thrown. */
  call(method: string, path: string, options?: Omit<CallOptions, 'session'>): Promise<ControlReply>;
  /** Asks every view to read the mock again (after a change: reset, import, another session). */
  changed(): void;
}

export interface View {
  readonly id: string;
  readonly title: string;
  readonly element: HTMLElement;
  /** Reads what the view shows from the mock; called when shown, on {@link PanelContext.changed}, and by its poll. */
  refresh(): Promise<void>;
  /** Milliseconds between refreshes while the view is shown (none: no polling). */
  readonly pollMs?: number;
}

/** A control call that failed: its message is already in the status line. */
export class CallFailed extends Error {}

export function createContext(client: DevtoolsClient, say: PanelContext['say'], changed: () => void): PanelContext {
  const context: PanelContext = {
    client,
    session: undefined,
    say,
    changed,
    async call(method, path, options = {}) {
      let reply: ControlReply;
      try {
        reply = await client.call(method, path, { ...options, session: context.session });
      } catch (error) {
        const message = `the mock did not answer: ${(error as Error).message}`;
        say(message, 'error');
        throw new CallFailed(message);
      }
      if (reply.status < 200 || reply.status > 299) {
        const message = failure(reply);
        say(message, 'error');
        throw new CallFailed(message);
      }
      return reply;
    },
  };
  return context;
}
