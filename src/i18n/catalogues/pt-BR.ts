import type { Msgid } from './en.js';
import { cli } from './pt-BR/cli.js';
import { commandsAdmin } from './pt-BR/commands-admin.js';
import { commandsChat } from './pt-BR/commands-chat.js';
import { core } from './pt-BR/core.js';
import { coreChats } from './pt-BR/core-chats.js';
import { coreOps } from './pt-BR/core-ops.js';
import { demoWhatsapp } from './pt-BR/demo-whatsapp.js';
import { routingWhy } from './pt-BR/routing-why.js';
import { routingStatus } from './pt-BR/routing-status.js';
import { routingHours } from './pt-BR/routing-hours.js';
import { routingCapacity } from './pt-BR/routing-capacity.js';
import { routingBot } from './pt-BR/routing-bot.js';
import { privacy } from './pt-BR/privacy.js';
import { reports } from './pt-BR/reports.js';
import { store } from './pt-BR/store.js';
import { tui } from './pt-BR/tui.js';

/**
 * The Brazilian Portuguese catalogue: every msgid of en.ts (the English text at its call site)
 * with its translation, `{0}`, `{1}`… kept. Its parts follow the source tree so translators of
 * one area do not edit the same file; test/i18n/catalogues.test.ts checks that together they
 * translate exactly en.ts's texts, each once, with the same placeholders.
 *
 * Words (keep them the same everywhere): chat → conversa, agent → atendente, customer → cliente,
 * department → departamento, round-robin → rodízio, inbox → caixa de entrada, tag → etiqueta,
 * quick reply → resposta rápida, note → nota interna, contact → contato, schedule → agendar,
 * owner → dono, admin → administrador, user → usuário, seat → licença, phone (a WhatsApp number)
 * → número, link a phone → conectar, session → sessão, transfer → transferir, assign → atribuir,
 * assignee → responsável (a person or a department; unassigned → sem responsável),
 * close/reopen a chat → encerrar/reabrir, unread → não lida, file → arquivo, media → mídia,
 * download → baixar, upload → enviar, audit → auditoria, password → senha, email → e-mail,
 * invite → convite, permission → permissão, token → token, daemon → daemon, server → servidor.
 */
export const ptBR: Readonly<Record<Msgid, string>> = {
  ...cli,
  ...core,
  ...coreOps,
  ...coreChats,
  ...commandsAdmin,
  ...commandsChat,
  ...tui,
  ...privacy,
  ...demoWhatsapp,
  ...routingWhy,
  ...routingStatus,
  ...routingHours,
  ...routingCapacity,
  ...routingBot,
  ...reports,
  ...store,
};
