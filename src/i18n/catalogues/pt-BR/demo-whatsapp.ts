/** Brazilian Portuguese for the texts of demo-whatsapp (see ../pt-BR.ts). */
export const demoWhatsapp = {};
