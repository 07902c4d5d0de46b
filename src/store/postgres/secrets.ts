import type { Pool } from 'pg';
import type { SecretStore } from '../../core/ports.js';
import { encryptPlainSecrets, sealedSecret, type SealedSecret, type SecretKey } from '../secret-key.js';

/**
 * Secrets as rows (`guru_secrets`, by name: `whatsapp:+5511…`, `mail:smtp`), encrypted with the
 * key of GURU_KEY_FILE when there is one — then a dump of the database carries no usable
 * WhatsApp session nor SMTP password. Every daemon on the database reads the same credentials:
 * the one holding a phone's lease reconnects it without a QR.
 */
export class PostgresSecretStore implements SecretStore {
  constructor(
    private readonly pool: Pool,
    private readonly key: SecretKey | null,
  ) {}

  phoneCredentials(phone: string): SealedSecret {
    return this.secret(`whatsapp:${phone}`);
  }

  mailSettings(): SealedSecret {
    return this.secret('mail:smtp');
  }

  /** With a key, the secrets still in plain text are encrypted now; how many. */
  encryptAll(phones: readonly string[]): Promise<number> {
    return encryptPlainSecrets(this.key, [...phones.map((p) => this.phoneCredentials(p)), this.mailSettings()]);
  }

  private secret(name: string): SealedSecret {
    return sealedSecret(
      {
        get: async () => {
          const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM guru_secrets WHERE name = $1', [name]);
          return rows[0]?.value ?? null;
        },
        put: async (text) => {
          await this.pool.query('INSERT INTO guru_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value', [name, text]);
        },
        remove: async () => {
          await this.pool.query('DELETE FROM guru_secrets WHERE name = $1', [name]);
        },
      },
      `${name} (PostgreSQL)`,
      this.key,
    );
  }
}
