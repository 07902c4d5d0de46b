/** Brazilian Portuguese for the texts of commands-admin (see ../pt-BR.ts). */
export const commandsAdmin = {};
