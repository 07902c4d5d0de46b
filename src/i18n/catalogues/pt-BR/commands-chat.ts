/** Brazilian Portuguese for the texts of commands-chat (see ../pt-BR.ts). */
export const commandsChat = {};
