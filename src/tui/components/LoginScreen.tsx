import { Box } from 'ink';
import { Text } from './Text.js';
import { keyListFor } from '../keys.js';
import type { LoginState } from '../state/login.js';
import { theme } from '../theme.js';
import { t } from '../../i18n/translate.js';

/** Email and a hidden password; the error line says why the daemon refused. */
export function LoginScreen({ state, width }: { state: LoginState; width: number }) {
  const field = (name: 'email' | 'password', label: string, value: string) => (
    <Box>
      <Text color={state.field === name ? theme.accent : theme.muted}>{`${state.field === name ? '›' : ' '} ${label.padEnd(9)}`}</Text>
      <Text>
        {value}
        {state.field === name && !state.busy ? '█' : ''}
      </Text>
    </Box>
  );
  return (
    <Box flexDirection="column" width={Math.min(width, 72)} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold color={theme.accent}>
        {t`Guru inbox — log in`}
      </Text>
      <Text color={theme.muted}>{t`No session for this data directory yet: log in as yourself.`}</Text>
      <Text> </Text>
      {field('email', t`Email`, state.email)}
      {field('password', t`Password`, '•'.repeat(state.password.length))}
      <Text> </Text>
      {state.busy ? <Text color={theme.warning}>{t`logging in…`}</Text> : null}
      {state.error ? <Text color={theme.error}>✗ {state.error}</Text> : null}
      <Text color={theme.muted}>{keyListFor('form')}</Text>
    </Box>
  );
}
