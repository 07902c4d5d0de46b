import type { Logger } from 'pino';
import { maskedSmtpUrl, type Mailer, type MailSettings, type OutgoingMail } from '../core/mail.js';

export interface SmtpMailerOptions {
  logger: Logger;
  /**
   * Certificates to trust besides the system's (PEM) — for a company CA, or a test's own. The
   * server's certificate is always checked; there is no way to turn that off.
   */
  ca?: string;
  /** How long connecting, the greeting and each command may take (default 15 s). */
  timeoutMs?: number;
}

/**
 * The engine's mail port over SMTP with nodemailer (loaded on first use: most daemons never
 * send mail). Always encrypted: `smtps` is TLS from the first byte; `smtp` must upgrade with
 * STARTTLS (`requireTLS`) before anything — credentials included — is sent, or the mail fails.
 * One connection per mail: recovery mails are rare, and a pool would hold a login open.
 * Failures are logged here (with the password never in them) and rethrown.
 */
export function smtpMailer(options: SmtpMailerOptions): Mailer {
  const timeout = options.timeoutMs ?? 15_000;
  return {
    async send(settings: MailSettings, mail: OutgoingMail): Promise<void> {
      const { smtp } = settings;
      const nodemailer = (await import('nodemailer')).default;
      const transport = nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.security === 'tls',
        requireTLS: smtp.security === 'starttls',
        ...(smtp.user !== null ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
        tls: { minVersion: 'TLSv1.2', ...(options.ca ? { ca: options.ca } : {}) },
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
        // Nothing in a mail may make the daemon read a file or fetch a URL.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      try {
        await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text });
        options.logger.info({ to: mail.to, server: maskedSmtpUrl(smtp) }, 'mail sent');
      } catch (err) {
        options.logger.warn({ to: mail.to, server: maskedSmtpUrl(smtp), error: redacted(err, smtp.user, smtp.password) }, 'could not send mail');
        throw err;
      } finally {
        transport.close();
      }
    },
  };
}

/** An SMTP failure as one line for the log, with the password (plain or base64) cut out. */
function redacted(err: unknown, user: string | null, password: string | null): string {
  const e = err as { message?: unknown; code?: unknown; responseCode?: unknown };
  let text = `${typeof e?.code === 'string' ? `${e.code}: ` : ''}${typeof e?.message === 'string' ? e.message : String(err)}`;
  if (password) {
    const plain = Buffer.from(`\0${user ?? ''}\0${password}`).toString('base64'); // AUTH PLAIN's argument
    for (const secret of [password, Buffer.from(password).toString('base64'), plain]) text = text.split(secret).join('****');
  }
  return text.slice(0, 500);
}
