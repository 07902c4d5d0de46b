// Faults a test arms on the WhatsApp simulator, to drop the connection at an exact point of a
// flow instead of at a random time. Each fires once, then is spent.

/**
 * Where a dropped client message is cut: `before-delivery` — the server drops the connection as
 * the message arrives, so the contact never gets it and the client gets no ack;
 * `before-ack` — the contact got it, but the connection drops before the server's ack reaches
 * the client (only the confirmation is lost).
 */
export type MessageDropPoint = 'before-delivery' | 'before-ack';

interface Armed<T> {
  value: T;
  fired: () => void;
}

/** The simulator's armed faults (`fake.faults`). The server asks it at each point where one may fire. */
export class SimulatorFaults {
  private historyDrop: Armed<{ left: number }> | null = null;
  private messageDrop: Armed<MessageDropPoint> | null = null;
  /** While true the server is unreachable: every new connection is cut as it opens. */
  unreachable = false;
  /**
   * While true the contacts get the device's messages but the server never acks them: the
   * window where WhatsApp has a message and the device does not know it yet.
   */
  withholdAcks = false;

  /**
   * Drops every connection right after the `k`-th history sync notification from now was written
   * to the device (whatever the device made of it). Resolves when it fired.
   */
  dropAfterHistoryBatch(k: number): Promise<void> {
    if (!Number.isInteger(k) || k < 1) throw new Error(`dropAfterHistoryBatch: k must be 1 or more (got ${k})`);
    return new Promise((fired) => (this.historyDrop = { value: { left: k }, fired }));
  }

  /** Drops every connection when the device's next message to a contact arrives, at `point`. Resolves when it fired. */
  dropOnNextClientMessage(point: MessageDropPoint): Promise<void> {
    return new Promise((fired) => (this.messageDrop = { value: point, fired }));
  }

  /** Disarms everything not yet fired (their promises stay pending), and makes the server reachable. */
  clear(): void {
    this.historyDrop = null;
    this.messageDrop = null;
    this.unreachable = false;
    this.withholdAcks = false;
  }

  /** @internal The server wrote a history notification to a device: true when it must drop now. */
  historyWritten(): boolean {
    const armed = this.historyDrop;
    if (!armed || --armed.value.left > 0) return false;
    this.historyDrop = null;
    armed.fired();
    return true;
  }

  /** @internal A message from the device to a contact arrived: where to drop it, if anywhere. */
  clientMessage(): MessageDropPoint | null {
    const armed = this.messageDrop;
    if (!armed) return null;
    this.messageDrop = null;
    armed.fired();
    return armed.value;
  }
}
