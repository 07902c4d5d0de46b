import { Text as InkText, type TextProps } from 'ink';
import { Children, type ReactNode } from 'react';
import { sanitiseField } from '../../cli/sanitise.js';

/**
 * The only `Text` the inbox renders (the TUI's output boundary): every string in it is a
 * sanitised field, so a push name or a message can never put an escape sequence, a carriage
 * return or a bidi override on the agent's screen, nor break a line the layout measured.
 * Nested `Text`s sanitise their own strings; Ink's colours and layout are applied after.
 */
export function Text({ children, ...props }: TextProps) {
  return <InkText {...props}>{Children.map(children, safe)}</InkText>;
}

function safe(child: ReactNode): ReactNode {
  return typeof child === 'string' ? sanitiseField(child) : child;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: colour escapes (SGR) are exactly what a picture row is made of
const PICTURE_ROW = /^(?:\u001b\[[0-9;]*m|▄| )*$/;

/**
 * One row of an image's thumbnail (thumbnail.ts): colour escapes and half blocks, printed as
 * they are — the one string that reaches the terminal unsanitised, so it is checked here to be
 * nothing but colours (SGR) and `▄`; anything else is shown sanitised like any other text.
 */
export function PictureRow({ row }: { row: string }) {
  return PICTURE_ROW.test(row) ? <InkText wrap="truncate">{row}</InkText> : <Text wrap="truncate">{row}</Text>;
}
