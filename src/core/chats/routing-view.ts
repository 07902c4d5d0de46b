import type { State } from '../model.js';
import { targetView, trailView, type TargetView, type TrailStepView } from '../views.js';
import type { AutoReplyKind, BotStep, ChatCause, HandoverReason, RoutingRecord } from './model.js';

/**
 * One step of how a chat was routed, as `guru chat why` tells it: opened (and by whom it was
 * taken, or why nobody), handed over or transferred, a menu bot's step, an automatic reply.
 */
export type RoutingStepView =
  | {
      kind: 'opened';
      time: string;
      cause: ChatCause;
      /** The rodízio did not run: the number was closed, or its menu bot took the conversation. */
      held: 'hours' | 'bot' | null;
      /** Held for hours: when the number was to open next (null: no opening ahead). */
      opensAt: string | null;
      /** Nobody took it: it waited for someone. */
      waiting: boolean;
      assignee: TargetView | null;
      trail: TrailStepView[];
    }
  | {
      kind: 'assigned';
      time: string;
      by: string;
      /** A handover's reason; null: a person transferred it. */
      handover: HandoverReason | null;
      /** Why a backlog hand-out happened then ("bia@x came online", "opening time"). */
      cause: string | null;
      waiting: boolean;
      assignee: TargetView | null;
      trail: TrailStepView[];
    }
  | { kind: 'bot'; time: string; step: BotStep; answer: string | null; department: string | null; tries: number }
  | { kind: 'auto_reply'; time: string; auto: AutoReplyKind; messageId: string };

export function routingStepView(state: State, record: RoutingRecord): RoutingStepView {
  switch (record.type) {
    case 'chat.opened':
      return {
        kind: 'opened',
        time: record.time,
        cause: record.cause,
        held: record.held ?? null,
        opensAt: record.opensAt ?? null,
        waiting: record.waiting === true,
        assignee: record.assignee ? targetView(state, record.assignee) : null,
        trail: trailView(state, record.trail),
      };
    case 'chat.assigned':
      return {
        kind: 'assigned',
        time: record.time,
        by: record.by,
        handover: record.handover ?? null,
        cause: record.cause ?? null,
        waiting: record.waiting === true,
        assignee: record.assignee ? targetView(state, record.assignee) : null,
        trail: trailView(state, record.trail ?? []),
      };
    case 'bot.step':
      return {
        kind: 'bot',
        time: record.time,
        step: record.step,
        answer: record.answer ?? null,
        department: record.departmentId === undefined ? null : (state.departments.find((d) => d.id === record.departmentId)?.name ?? '(removed department)'),
        tries: record.tries,
      };
    case 'auto.reply':
      return { kind: 'auto_reply', time: record.time, auto: record.kind, messageId: record.messageId };
  }
}
