import type { JournalLookup } from './ports.js';

/** At most this many ids in one question: a burst of thousands goes in a few. */
const MOST_IDS = 1_000;

interface Waiter {
  resolve: (chatId: string | undefined) => void;
  reject: (err: unknown) => void;
}

interface PhoneQuestions {
  waiting: Map<string, Waiter[]>;
  asking: boolean;
}

/**
 * Which chat a message id was journaled in, asked of a journal that answers for old messages
 * (`JournalLookup.chatsOf`) in batches, as appends are group-committed: the ids asked while a
 * question is on its way go together in the next, one question per number at a time. Every new
 * message of a customer with a long history is asked about (WhatsApp redelivers old ones); under a
 * burst of customers writing at once, one question answers hundreds.
 */
export class ChatLookups {
  private readonly phones = new Map<string, PhoneQuestions>();

  constructor(private readonly lookup: JournalLookup) {}

  /** The chat id `id` was journaled under on `phone`, or undefined when it never was. */
  chatOf(phone: string, id: string): Promise<string | undefined> {
    let questions = this.phones.get(phone);
    if (!questions) {
      questions = { waiting: new Map(), asking: false };
      this.phones.set(phone, questions);
    }
    const { waiting } = questions;
    return new Promise<string | undefined>((resolve, reject) => {
      const waiters = waiting.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else waiting.set(id, [{ resolve, reject }]);
      if (questions.asking) return;
      questions.asking = true;
      // Those asked in the same turn of the event loop go in the first question too.
      setImmediate(() => void this.ask(phone, questions));
    });
  }

  private async ask(phone: string, questions: PhoneQuestions): Promise<void> {
    while (questions.waiting.size > 0) {
      const batch: [string, Waiter[]][] = [];
      for (const entry of questions.waiting) {
        batch.push(entry);
        if (batch.length === MOST_IDS) break;
      }
      for (const [id] of batch) questions.waiting.delete(id);
      try {
        const found = await this.lookup.chatsOf(
          phone,
          batch.map(([id]) => id),
        );
        for (const [id, waiters] of batch) for (const w of waiters) w.resolve(found.get(id));
      } catch (err) {
        for (const [, waiters] of batch) for (const w of waiters) w.reject(err);
      }
    }
    questions.asking = false;
    this.phones.delete(phone);
  }
}
