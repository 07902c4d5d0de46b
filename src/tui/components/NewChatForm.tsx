import { Box } from 'ink';
import { Text } from './Text.js';
import type { PhoneStatus } from '../../api/protocol.js';
import { fit, word } from '../format.js';
import { keyListFor } from '../keys.js';
import type { NewChatForm as Form } from '../state/inbox.js';
import { theme } from '../theme.js';
import { linkStateWord } from '../../core/link.js';
import { t } from '../../i18n/translate.js';

export interface NewChatFormProps {
  form: Form;
  phones: PhoneStatus[];
  width: number;
  height: number;
}

/** Start a conversation: the customer's number, then an optional first message; the phone when there are several. */
export function NewChatForm({ form, phones, width, height }: NewChatFormProps) {
  const inner = Math.max(10, width - 4);
  const field = (name: Form['field'], label: string, value: string, placeholder: string) => {
    const active = form.field === name && !form.busy;
    return (
      <Text wrap="truncate">
        <Text color={active ? theme.accent : theme.muted}>{`${active ? '›' : ' '} ${label.padEnd(9)}`}</Text>
        {value ? fit(`${value}${active ? '█' : ''}`, inner - 11) : <Text color={theme.muted}>{active ? `█ ${placeholder}` : placeholder}</Text>}
      </Text>
    );
  };
  const phone = phones.length > 1 ? phones[form.phone % phones.length] : undefined;
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold>{fit(t`New conversation`, inner)}</Text>
      {field('number', t`Number`, form.number, t`+55 11 90000 1111 (with country code)`)}
      {field('text', t`Message`, form.text, t`optional: a first message, signed like a reply`)}
      {phone ? (
        <Text wrap="truncate">
          <Text color={theme.muted}>{`  ${word(t`new chat form|Phone`).padEnd(9)}`}</Text>
          {fit(`← ${phone.label ? `${phone.label} ${phone.number}` : phone.number} (${linkStateWord(phone.linkState)}) →`, inner - 11)}
        </Text>
      ) : null}
      <Text color={theme.muted} wrap="truncate">
        {fit(form.busy ? t`checking the number on WhatsApp…` : t`The number is checked on WhatsApp before anything is created.`, inner)}
      </Text>
      <Text color={theme.muted} wrap="wrap">
        {keyListFor('newchat')}
      </Text>
    </Box>
  );
}
