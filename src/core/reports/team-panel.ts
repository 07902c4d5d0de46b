import type { Chat } from '../chats/model.js';
import type { RoutingFacts } from '../round-robin.js';
import { decide, eligibility, userAvailability } from '../round-robin.js';
import type { Availability, State } from '../model.js';
import { targetView } from '../views.js';

/** An agent on the panel: how available, how much they hold, who of theirs waits longest. */
export interface PanelAgent {
  email: string;
  name: string;
  availability: Availability;
  /** Open chats assigned to them (their departments' shared chats are on the department's line). */
  open: number;
  /** Of those, chats whose customer waits for an answer, and since when the longest has (ISO). */
  waiting: number;
  longestWaitSince: string | null;
}

export interface PanelDepartment {
  name: string;
  open: number;
  waiting: number;
  longestWaitSince: string | null;
}

export interface PanelPhone {
  number: string;
  label: string | null;
  /** Who the rodízio would give the next new chat to now (`user:…`, `dept:…`); null: nobody could take it. */
  nextPick: string | null;
}

/** The live panel (`reports.panel`): the team, the departments, the unassigned backlog and each number's next pick. */
export interface TeamPanel {
  agents: PanelAgent[];
  departments: PanelDepartment[];
  /** Open chats nobody holds: how many, how many wait for the rodízio, and since when the oldest does. */
  unassigned: { open: number; waiting: number; oldestSince: string | null };
  phones: PanelPhone[];
}

/**
 * Since when a chat's customer waits for an answer: their earliest message after the team's
 * last (a note, the bot or the out-of-hours reply answer nothing); null when nobody waits. From
 * the messages the chat keeps in memory: a customer who wrote more than those waits at least
 * since the oldest kept.
 */
export function waitingSince(chat: Pick<Chat, 'messages'>): string | null {
  let since: string | null = null;
  for (let i = chat.messages.length - 1; i >= 0; i--) {
    const m = chat.messages[i]!;
    if (m.direction === 'note') continue;
    if (m.direction === 'out') {
      if (m.auto) continue;
      break;
    }
    since = m.time;
  }
  return since;
}

const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** Builds the panel from the state, the open chats and who is connected, with each number's live load. */
export function teamPanel(state: State, chats: Iterable<Chat>, online: ReadonlySet<string>, load: (phone: string) => RoutingFacts['openChats']): TeamPanel {
  const agents = new Map<string, PanelAgent>();
  for (const user of state.users) {
    if (!user.active) continue;
    agents.set(user.id, { email: user.email, name: user.name, availability: userAvailability(user, online), open: 0, waiting: 0, longestWaitSince: null });
  }
  const departments = new Map(state.departments.map((d) => [d.id, { name: d.name, open: 0, waiting: 0, longestWaitSince: null as string | null }]));
  const unassigned = { open: 0, waiting: 0, oldestSince: null as string | null };
  for (const chat of chats) {
    if (chat.status !== 'open') continue;
    const since = waitingSince(chat);
    const line = chat.assignee?.type === 'user' ? agents.get(chat.assignee.userId) : chat.assignee ? departments.get(chat.assignee.departmentId) : undefined;
    if (line) {
      line.open += 1;
      if (since !== null) {
        line.waiting += 1;
        line.longestWaitSince = earlier(line.longestWaitSince, since);
      }
      continue;
    }
    unassigned.open += 1;
    if (chat.waitingSince !== undefined) unassigned.waiting += 1;
    unassigned.oldestSince = earlier(unassigned.oldestSince, chat.waitingSince ?? since);
  }
  const phones = state.phones.map((phone): PanelPhone => {
    const queue = state.roundRobins.find((q) => q.phone === phone.number);
    const decision = queue && queue.entries.length > 0 ? decide(queue, eligibility(state, { online, openChats: load(phone.number) })) : null;
    return { number: phone.number, label: phone.label, nextPick: decision?.target ? targetView(state, decision.target).ref : null };
  });
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  return { agents: [...agents.values()].sort(byName), departments: [...departments.values()].sort(byName), unassigned, phones };
}
