import type { InboxApi } from './api.js';
import type { EditResult } from './editor.js';
import type { InboxAction, InboxState } from './state/inbox.js';
import { quickMatches } from './state/quick.js';
import { t } from '../i18n/translate.js';

/** Where the reply goes to be written at length (the real one: `editInEditor` on the terminal). */
export type EditDraft = (draft: string) => Promise<EditResult>;

/**
 * The composer's helpers: quick replies (a `/word` at the start offers the matches, ↑↓ choose,
 * Tab asks the daemon to fill the chosen one in and puts it in the draft) and writing the
 * reply in `$EDITOR`. A send asked for while a quick reply is being filled in waits for it,
 * so Tab then Enter sends the filled text however quickly they come.
 */
export function composeActions(
  api: Pick<InboxApi, 'quickReplies' | 'quickReply'>,
  dispatch: (a: InboxAction) => void,
  get: () => InboxState,
  fail: (err: unknown) => void,
  info: (text: string) => void,
  editDraft: EditDraft | null,
  /** What the composer holds now: the reply's draft, or the note's while one is written. */
  draftOf: (s: InboxState) => string,
) {
  let filling: Promise<void> | null = null;

  /** After the draft changed: a `/` just typed at its start loads the quick replies afresh. */
  function drafted(before: string, after: string): void {
    if (!after.startsWith('/') || before.startsWith('/')) return;
    api.quickReplies().then((replies) => dispatch({ type: 'quickReplies', replies }), fail);
  }

  /** ↑↓ while quick replies are offered: choose among them. */
  function pick(delta: number): void {
    const s = get();
    const offered = quickMatches(draftOf(s), s.quickReplies).length;
    if (offered > 0) dispatch({ type: 'quickPick', index: (s.quickPick + delta + offered) % offered });
  }

  /** Tab: the chosen quick reply, filled in by the daemon for this chat, becomes the draft. */
  function complete(): void {
    const s = get();
    const draft = draftOf(s);
    const chatId = s.open?.id;
    const offered = quickMatches(draft, s.quickReplies);
    if (!chatId || !draft.startsWith('/')) return info(t`Tab inserts a quick reply: type / and the start of its shortcut (\`guru quick list\` shows yours)`);
    const chosen = offered[Math.min(s.quickPick, offered.length - 1)];
    if (!chosen) return info(t`no quick reply starts with ${draft} — \`guru quick list\` shows yours`);
    filling = api.quickReply(chatId, chosen.id).then((filled) => {
      // Only over what was typed to call it up: the agent may have moved on meanwhile.
      if (get().open?.id === chatId && draftOf(get()) === draft) dispatch({ type: 'draft', text: filled.text });
    }, fail);
    const mine = filling;
    void filling.finally(() => {
      if (filling === mine) filling = null;
    });
  }

  /** Runs `then` once no quick reply is being filled in (at once when none is). */
  function afterFill(then: () => void): void {
    if (filling) void filling.then(then);
    else then();
  }

  /** Alt-e: the draft (a reply's or a note's) in `$EDITOR`; what is saved there becomes the draft. */
  function editor(): void {
    const s = get();
    const chatId = s.open?.id;
    if (!chatId || !editDraft) return;
    editDraft(draftOf(s)).then((result) => {
      if (!result.ok) return fail(new Error(result.reason));
      if (get().open?.id === chatId) dispatch({ type: 'draft', text: result.text });
      info(t`back from the editor — Enter sends the reply`);
    }, fail);
  }

  return { drafted, pick, complete, afterFill, editor };
}
