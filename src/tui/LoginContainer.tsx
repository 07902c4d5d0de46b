import { useApp, useInput, useStdin } from 'ink';
import { useEffect, useReducer, useRef } from 'react';
import { messageOf } from './api.js';
import { LoginScreen } from './components/LoginScreen.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { resolveKeys } from './keys.js';
import { type LoginAction, canSubmit, initialLogin, loginReducer } from './state/login.js';

/**
 * The login form's owner: keys edit the form; Enter on the password calls `login`. `notice`:
 * why we are back here (the daemon ended the session), shown until the next try.
 */
export function LoginContainer({
  email,
  login,
  notice = null,
}: {
  email: string | null;
  login: (email: string, password: string) => Promise<void>;
  notice?: string | null;
}) {
  const [state, dispatch] = useReducer(loginReducer, email ?? '', initialLogin);
  useEffect(() => {
    if (notice) dispatch({ type: 'failed', message: notice });
  }, [notice]);
  const current = useRef(state);
  current.current = state;
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const { width } = useTerminalSize();

  useInput(
    (input, key) => {
      // A paste can hold several keys (`email⏎password⏎`): each acts on the state the one
      // before left, so the form's state is carried along here rather than read from a render.
      for (const intent of resolveKeys('form', input, key)) {
        const s = current.current;
        const act = (action: LoginAction) => {
          current.current = loginReducer(s, action);
          dispatch(action);
        };
        if (intent.type === 'quit' || intent.type === 'back') return exit();
        if (intent.type === 'insert') act({ type: 'insert', text: intent.text });
        else if (intent.type === 'backspace') act({ type: 'backspace' });
        else if (intent.type === 'next' || (intent.type === 'submit' && s.field === 'email')) act({ type: 'next' });
        else if (intent.type === 'submit' && canSubmit(s)) {
          act({ type: 'busy' });
          login(s.email.trim(), s.password).catch((err: unknown) => dispatch({ type: 'failed', message: messageOf(err) }));
        }
      }
    },
    { isActive: isRawModeSupported === true },
  );

  return <LoginScreen state={state} width={width} />;
}
