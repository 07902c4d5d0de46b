/** Brazilian Portuguese for the texts of core-ops (see ../pt-BR.ts). */
export const coreOps = {} satisfies Readonly<Record<string, string>>;
