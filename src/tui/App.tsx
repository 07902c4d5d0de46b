import { Box } from 'ink';
import { Text } from './components/Text.js';
import { REACTIONS } from './actions.js';
import { hintFor, hintsFor } from './keys.js';
import { isMedia } from '../core/chats/content.js';
import { ChatList } from './components/ChatList.js';
import { Composer, composerHeight } from './components/Composer.js';
import { Conversation } from './components/Conversation.js';
import { Header } from './components/Header.js';
import { Help } from './components/Help.js';
import { Panel } from './components/Panel.js';
import { NewChatForm } from './components/NewChatForm.js';
import { Picker } from './components/Picker.js';
import { AttachBar, PROMPT_ROWS, ReactBar } from './components/Prompts.js';
import { StatusBar } from './components/StatusBar.js';
import { QuickList, quickListHeight } from './components/QuickList.js';
import { quickMatches } from './state/quick.js';
import { listed, pickerMatches, selectedIndex, selectedMessage, type InboxState } from './state/inbox.js';
import { foldThread } from './state/thread.js';
import { tabCounts, tabsFor } from './state/select.js';
import { theme } from './theme.js';
import { chatTitle } from './format.js';
import { t } from '../i18n/translate.js';

/** At this width and up the list and the conversation sit side by side. */
export const WIDE = 100;

export interface InboxViewProps {
  state: InboxState;
  width: number;
  height: number;
  now?: Date;
}

/**
 * Picks the layout for the terminal's size: list and conversation side by side when wide,
 * one at a time at 80 columns; help, the transfer picker and the new-chat form take the conversation's place.
 * Pure: everything comes from `state`, so tests render it with any state at any size.
 */
export function InboxView({ state, width, height, now }: InboxViewProps) {
  const tabs = tabsFor(state.me);
  const chats = listed(state);
  const body = Math.max(4, height - 5);
  const wide = width >= WIDE;
  const listWidth = wide ? Math.min(48, Math.floor(width * 0.4)) : width;
  // The team panel has columns to show: it takes the whole width.
  const fullWidth = state.focus === 'panel';
  const paneWidth = wide && !fullWidth ? width - listWidth - 1 : width;
  const conversationFocus = ['chat', 'composer', 'picker', 'tagger', 'react', 'attach'].includes(state.focus);
  const showList = wide || !state.open || !conversationFocus;
  // Help and the new-chat form take the conversation's place (and, when narrow, the list's).
  // So do my scheduled messages (`S`), which belong to no one chat.
  const scheduledList = state.focus === 'picker' && state.picker?.items[0]?.kind === 'scheduled';
  const overlay = state.focus === 'help' || state.focus === 'panel' || (state.focus === 'newchat' && state.newChat !== null) || scheduledList;
  const showPane = overlay || wide || (state.open && conversationFocus);
  const perms = new Set(state.me?.effectivePermissions ?? []);
  const canSend = state.me !== null && (state.me.role === 'admin' || perms.has('chats.send'));
  const draft = state.open ? ((state.noting ? state.noteDrafts : state.drafts)[state.open.id] ?? '') : '';

  const pane = () => {
    if (state.focus === 'help') return <Help width={paneWidth} height={body} />;
    if (state.focus === 'panel') return <Panel data={state.panel} width={paneWidth} height={body} {...(now ? { now } : {})} />;
    if (state.focus === 'newchat' && state.newChat) return <NewChatForm form={state.newChat} phones={state.phones} width={paneWidth} height={body} />;
    if (state.focus === 'picker' && state.picker) {
      const items = pickerMatches(state.picker);
      const title = scheduledList ? t`Your scheduled messages — Enter unschedules, Esc closes` : t`Transfer to…`;
      return <Picker title={title} query={state.picker.query} items={items} selected={state.picker.selected} width={paneWidth} height={body} />;
    }
    if (state.focus === 'tagger' && state.picker && state.open) {
      const chat = state.chats.get(state.open.id);
      const items = pickerMatches(state.picker);
      const worn = new Set(chat?.tags.map((t) => t.name) ?? []);
      const title = t`Tags of ${chat ? chatTitle(chat) : state.open.id}`;
      return <Picker title={title} query={state.picker.query} items={items} selected={state.picker.selected} checked={worn} width={paneWidth} height={body} />;
    }
    if (!state.open) {
      return (
        <Box width={paneWidth} height={body} alignItems="center" justifyContent="center">
          <Text color={theme.muted}>{t`Enter opens the chat under the cursor · ? shows every key`}</Text>
        </Box>
      );
    }
    const openId = state.open.id;
    const quotedId = state.replyTo[openId];
    const quoted = quotedId ? foldThread(state.open.messages).find((m) => m.id === quotedId) : undefined;
    const quoting = quotedId && !state.noting ? (quoted?.text ?? t`a message`) : null;
    const attachment = state.noting ? null : (state.attachments[openId] ?? null);
    const selected = state.focus === 'chat' ? selectedMessage(state) : null;
    const reactingTo = state.reacting ? foldThread(state.open.messages).find((m) => m.id === state.reacting) : undefined;
    const prompt =
      state.focus === 'react' && state.reacting ? (
        <ReactBar words={reactingTo?.text ?? ''} emojis={REACTIONS} width={paneWidth} />
      ) : state.focus === 'attach' && state.attach ? (
        <AttachBar prompt={state.attach} width={paneWidth} />
      ) : null;
    const offered = state.focus === 'composer' && !state.noting ? quickMatches(draft, state.quickReplies) : [];
    const composerRows = prompt ? PROMPT_ROWS : composerHeight(draft, paneWidth, 5, { quoting, attachment }) + quickListHeight(offered.length);
    return (
      <Box flexDirection="column">
        <Conversation
          chat={state.chats.get(openId) ?? null}
          open={state.open}
          focused={state.focus === 'chat' || state.focus === 'react'}
          width={paneWidth}
          height={body - composerRows}
          thumbnail={state.thumbnail}
          {...(selected && isMedia(selected.content) ? { selectedHint: `${hintFor('chat', 'openFile')} · ${hintFor('chat', 'saveFile')}` } : {})}
        />
        {prompt ? null : <QuickList replies={offered} selected={Math.min(state.quickPick, offered.length - 1)} width={paneWidth} />}
        {prompt ?? (
          <Composer
            draft={draft}
            visibleName={state.me?.visibleName ?? null}
            focused={state.focus === 'composer'}
            canSend={canSend}
            width={paneWidth}
            quoting={quoting}
            attachment={attachment}
            noting={state.noting}
          />
        )}
      </Box>
    );
  };

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header
        me={state.me}
        tabs={tabs}
        tab={state.tab}
        counts={tabCounts(state.chats, tabs, state.me)}
        query={state.query}
        searching={state.focus === 'search'}
        width={width}
      />
      <Box height={body}>
        {showList && !(overlay && !wide) && !fullWidth ? (
          <ChatList
            chats={chats}
            selected={selectedIndex(state)}
            openId={state.open?.id ?? null}
            focused={state.focus === 'list'}
            width={listWidth}
            height={body}
            loaded={state.loaded}
            mentioned={state.mentioned}
            now={now}
          />
        ) : null}
        {wide && showPane && !fullWidth ? <Box width={1} /> : null}
        {showPane ? pane() : null}
      </Box>
      <StatusBar
        phones={state.phones}
        online={state.online}
        availability={state.availability}
        mine={state.myStatus}
        daemonUp={state.daemonUp}
        notice={state.notice}
        hints={hintsFor(state.focus)}
        width={width}
      />
    </Box>
  );
}
