/** Who is online right now. The daemon feeds it from watch streams; without one, nobody is. */
export interface Presence {
  onlineUserIds(): ReadonlySet<string>;
  /** A watch of this user's opened: they are online while one is, and its client still answers. */
  open(userId: string): PresenceStream;
}

/** One open watch, as presence sees it. */
export interface PresenceStream {
  /** Its client showed it is still reading (it acknowledged a heartbeat). */
  alive(): void;
  close(): void;
}

export const nobodyOnline: Presence = { onlineUserIds: () => new Set(), open: () => ({ alive: () => undefined, close: () => undefined }) };
