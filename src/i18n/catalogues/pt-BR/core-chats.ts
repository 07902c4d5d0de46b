/** Brazilian Portuguese for the texts of core-chats (see ../pt-BR.ts). */
export const coreChats = {} satisfies Readonly<Record<string, string>>;
