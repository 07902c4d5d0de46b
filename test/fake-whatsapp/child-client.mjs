// Test fixture: a Baileys client in ANOTHER process (like the Guru daemon). Run with the env from
// trustEnv(server) plus FAKE_WA_URL. Prints one JSON event per line: qr, open, close, message.
import { makeWASocket, initAuthCreds } from '@whiskeysockets/baileys';
import pino from 'pino';

const data = new Map();
const keys = {
  get: async (type, ids) => Object.fromEntries(ids.filter((id) => data.has(`${type}/${id}`)).map((id) => [id, data.get(`${type}/${id}`)])),
  set: async (update) => {
    for (const [type, entries] of Object.entries(update))
      for (const [id, value] of Object.entries(entries ?? {})) value == null ? data.delete(`${type}/${id}`) : data.set(`${type}/${id}`, value);
  },
};
const auth = { creds: initAuthCreds(), keys };
const out = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);
console.log = console.info = console.warn = () => undefined; // libsignal chatter

const connect = () => {
  const sock = makeWASocket({ waWebSocketUrl: process.env.FAKE_WA_URL, auth, markOnlineOnConnect: false, logger: pino({ level: 'silent' }) });
  sock.ev.process(async (events) => {
    const conn = events['connection.update'];
    if (conn?.qr) out({ event: 'qr', qr: conn.qr });
    if (conn?.connection === 'open') out({ event: 'open', me: auth.creds.me?.id });
    if (conn?.connection === 'close') {
      const code = conn.lastDisconnect?.error?.output?.statusCode;
      out({ event: 'close', code });
      if (code === 515) connect();
      else process.exit(0);
    }
    for (const msg of events['messages.upsert']?.messages ?? []) {
      if (msg.key.fromMe) continue;
      const text = msg.message?.conversation ?? msg.message?.extendedTextMessage?.text;
      out({ event: 'message', from: msg.key.remoteJid, text });
      await sock.sendMessage(msg.key.remoteJid, { text: `echo: ${text}` });
    }
  });
};
connect();
