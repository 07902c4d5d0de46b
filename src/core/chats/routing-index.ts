import type { Chat } from './model.js';

/** Open chats held per user id and per department id, on one phone. */
export interface OpenLoad {
  users: ReadonlyMap<string, number>;
  departments: ReadonlyMap<string, number>;
}

/**
 * What the rodízio asks of the chats at every decision, kept up to date as records apply rather
 * than counted over every chat each time: how many open chats each agent and department holds
 * on a phone (`--max-open`), and which chats wait for someone to take them (the backlog).
 */
export class RoutingIndex {
  private users = new Map<string, Map<string, number>>();
  private departments = new Map<string, Map<string, number>>();
  /** phone → waiting chats. */
  private waiting = new Map<string, Map<string, Chat>>();

  /** Call with a chat as it was before a record changed it (undefined: it did not exist). */
  leave(chat: Chat | undefined): void {
    if (!chat) return;
    this.count(chat, -1);
    if (chat.waitingSince !== undefined) this.waiting.get(chat.phone)?.delete(chat.id);
  }

  /** Call with a chat as it is after a record changed it. */
  enter(chat: Chat | undefined): void {
    if (!chat) return;
    this.count(chat, 1);
    if (chat.waitingSince !== undefined) mapOf(this.waiting, chat.phone).set(chat.id, chat);
  }

  /** Forgets a phone (before its chats are entered again, e.g. after two chats were joined). */
  forget(phone: string): void {
    this.users.delete(phone);
    this.departments.delete(phone);
    this.waiting.delete(phone);
  }

  load(phone: string): OpenLoad {
    return { users: this.users.get(phone) ?? new Map(), departments: this.departments.get(phone) ?? new Map() };
  }

  /** The chats waiting on a phone, oldest first. */
  waitingChats(phone: string): Chat[] {
    return [...(this.waiting.get(phone)?.values() ?? [])].sort((a, b) => (a.waitingSince! < b.waitingSince! ? -1 : a.waitingSince! > b.waitingSince! ? 1 : 0));
  }

  /** Phones with at least one waiting chat. */
  phonesWaiting(): string[] {
    return [...this.waiting].filter(([, chats]) => chats.size > 0).map(([phone]) => phone);
  }

  private count(chat: Chat, by: 1 | -1): void {
    if (chat.status !== 'open' || chat.assignee === null) return;
    const [maps, id] = chat.assignee.type === 'user' ? [this.users, chat.assignee.userId] : [this.departments, chat.assignee.departmentId];
    const counts = mapOf(maps, chat.phone);
    const next = (counts.get(id) ?? 0) + by;
    if (next > 0) counts.set(id, next);
    else counts.delete(id);
  }
}

/** The inner map of `maps` under `key`, made empty when there is none. */
export function mapOf<V>(maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let map = maps.get(key);
  if (!map) {
    map = new Map();
    maps.set(key, map);
  }
  return map;
}
