/** Brazilian Portuguese for the texts of core (see ../pt-BR.ts). */
export const core = {};
