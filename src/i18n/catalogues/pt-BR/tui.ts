/** Brazilian Portuguese for the texts of tui (see ../pt-BR.ts). */
export const tui = {};
