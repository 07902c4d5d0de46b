import type { EngineEvent } from '../core/events.js';

type Listener = (event: EngineEvent) => void;

/** In-process fan-out of engine events to the open watch streams. */
export class EventBus {
  private listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  get size(): number {
    return this.listeners.size;
  }
}
