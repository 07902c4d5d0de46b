import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { makeSelfSigned } from '../../src/tls/self-signed.js';

/** One mail as the test server received it, decoded enough to read. */
export interface ReceivedMail {
  /** The envelope: who it was for. */
  to: string[];
  from: string;
  /** The login the client used, and whether the session was encrypted when the mail came. */
  user: string | undefined;
  secure: boolean;
  subject: string;
  /** The text part, transfer encoding undone (UTF-8). */
  text: string;
}

/** A certificate for 127.0.0.1, ::1 and localhost, made now (ECDSA P-256, valid one day). */
export function testCertificate(): Promise<{ cert: string; key: string }> {
  return makeSelfSigned({ commonName: 'Guru test SMTP', names: ['127.0.0.1', '::1', 'localhost'], validDays: 1 });
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server): STARTTLS (or TLS from the start with
 * `implicitTls`) with `certificate`, and AUTH PLAIN/LOGIN that accepts only `user`/`password`
 * and only once encrypted. What it receives is kept in `mails`.
 */
export async function startSmtpServer(options: {
  certificate: { cert: string; key: string };
  user: string;
  password: string;
  implicitTls?: boolean;
  /** Offers no STARTTLS at all (a server a client must refuse to use). */
  noStartTls?: boolean;
}) {
  const mails: ReceivedMail[] = [];
  const logins: { user: string; ok: boolean; secure: boolean }[] = [];
  const config: SMTPServerOptions = {
    secure: options.implicitTls === true,
    key: options.certificate.key,
    cert: options.certificate.cert,
    hideSTARTTLS: options.noStartTls === true,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: false,
    logger: false,
    disabledCommands: options.noStartTls ? ['STARTTLS'] : [],
    onAuth(auth, session, callback) {
      const ok = auth.username === options.user && auth.password === options.password;
      logins.push({ user: auth.username ?? '', ok, secure: session.secure });
      if (ok) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const { subject, text } = readMessage(Buffer.concat(chunks).toString('utf8'));
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          user: session.user as string | undefined,
          secure: session.secure,
          subject,
          text,
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(config);
  server.on('error', () => undefined); // a client hanging up mid-session is not the test's failure
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The subject and text body of a single-part message, headers unfolded, encodings undone. */
export function readMessage(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? quotedPrintable(body) : body;
  return { subject: encodedWords(header('Subject')), text: text.replace(/\r\n/g, '\n') };
}

function quotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** RFC 2047 `=?UTF-8?Q?…?=` / `=?UTF-8?B?…?=` words, as in a Subject with accents. */
function encodedWords(text: string): string {
  return text.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** The recovery code in a mail (the line "Código: 1234 5678"), digits only. */
export function codeIn(mail: ReceivedMail): string {
  const match = /Código: (\d{4}) (\d{4})/.exec(mail.text);
  if (!match) throw new Error(`no code in the mail:\n${mail.text}`);
  return `${match[1]}${match[2]}`;
}
