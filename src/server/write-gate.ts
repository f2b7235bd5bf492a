/**
 * Requests that may change the data pass through the gate while they are inside the engine;
 * a rollback closes it (docs/decisions/014-state-file-durability.md): it waits until none
 * is inside and holds new ones back until it is done. What a request reads before it leaves
 * (the rollback count) then tells whether its change was made before or after a rollback.
 */
export class WriteGate {
  #inside = 0;
  /** Set while the gate is closed (waiting for those inside, or running): newcomers wait. */
  #closed: Promise<void> | undefined;
  #emptied: (() => void) | undefined;

  /** Resolves once the gate is open and this request is inside. */
  async enter(): Promise<void> {
    while (this.#closed !== undefined) await this.#closed;
    this.#inside += 1;
  }

  leave(): void {
    this.#inside -= 1;
    if (this.#inside === 0) this.#emptied?.();
  }

  /** Runs `run` once no request is inside, with the gate closed until it settles. */
  async closed<T>(run: () => Promise<T>): Promise<T> {
    while (this.#closed !== undefined) await this.#closed;
    let open: () => void = () => {};
    this.#closed = new Promise<void>((resolve) => {
      open = resolve;
    });
    try {
      if (this.#inside > 0) {
        await new Promise<void>((resolve) => {
          this.#emptied = resolve;
        });
      }
      this.#emptied = undefined;
      return await run();
    } finally {
      this.#closed = undefined;
      open();
    }
  }
}
