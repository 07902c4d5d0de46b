/** The login form: email, hidden password, which field has the cursor, and the last refusal. */
export interface LoginState {
  email: string;
  password: string;
  field: 'email' | 'password';
  busy: boolean;
  error: string | null;
}

export type LoginAction = { type: 'insert'; text: string } | { type: 'backspace' } | { type: 'next' } | { type: 'busy' } | { type: 'failed'; message: string };

export const initialLogin = (email = ''): LoginState => ({ email, password: '', field: email ? 'password' : 'email', busy: false, error: null });

export function loginReducer(s: LoginState, a: LoginAction): LoginState {
  if (s.busy && a.type !== 'failed') return s;
  switch (a.type) {
    case 'insert':
      return { ...s, [s.field]: s[s.field] + a.text, error: null };
    case 'backspace':
      return { ...s, [s.field]: s[s.field].slice(0, -1) };
    case 'next':
      return { ...s, field: s.field === 'email' ? 'password' : 'email' };
    case 'busy':
      return { ...s, busy: true, error: null };
    case 'failed':
      return { ...s, busy: false, password: '', field: 'password', error: a.message };
  }
}

/** Enter on the email moves on; on the password it submits, once both are filled. */
export function canSubmit(s: LoginState): boolean {
  return s.field === 'password' && s.email.trim() !== '' && s.password !== '' && !s.busy;
}
