/** Who is online right now. The daemon feeds it from watch streams; without one, nobody is. */
export interface Presence {
  onlineUserIds(): ReadonlySet<string>;
  /** A watch of this user's opened (they are online while one is); call the result when it closes. */
  open(userId: string): () => void;
}

export const nobodyOnline: Presence = { onlineUserIds: () => new Set(), open: () => () => undefined };
