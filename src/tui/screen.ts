/** The alternate screen: the inbox takes the whole terminal and gives the shell back untouched. */
export const ENTER_ALT = '\u001b[?1049h\u001b[H';
export const LEAVE_ALT = '\u001b[?1049l';
