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
