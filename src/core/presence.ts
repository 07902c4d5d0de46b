/** Who is online right now. The daemon feeds it from watch streams; without one, nobody is. */
export interface Presence {
  onlineUserIds(): ReadonlySet<string>;
}

export const nobodyOnline: Presence = { onlineUserIds: () => new Set() };
