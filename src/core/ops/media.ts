import type { OperationContext } from '../context.js';
import { denied, GuruError } from '../errors.js';
import type { MediaService, MediaUsage, PruneResult } from '../media/media-service.js';
import { t } from '../../i18n/translate.js';

/** The shortest age `prune` accepts: a day (a typo such as `180m` must not empty the store). */
export const MIN_PRUNE_AGE_MS = 24 * 60 * 60 * 1000;

/** The media store as an installation's admins run it: what it holds, and pruning old files. */
export function mediaOps(ctx: OperationContext) {
  const service = (): MediaService => {
    if (!ctx.deps.media) throw new GuruError('daemon_unreachable', t`media is kept by the daemon — start it with \`guru daemon start\``);
    return ctx.deps.media;
  };

  return {
    /** What the media store holds against the quota (anyone logged in: `daemon status` shows it too). */
    async usage(): Promise<MediaUsage> {
      await ctx.view(null, t`see the media store`, () => undefined);
      return service().usage();
    },

    /**
     * Removes the files of messages older than `olderThanMs` (admins only): each such message is
     * journaled `pruned` and keeps its words; a file a newer message uses stays. `dryRun` only
     * counts. Audited with what it freed.
     */
    async prune(options: { olderThanMs: number; dryRun?: boolean }): Promise<PruneResult> {
      const who = await ctx.view(null, t`prune media`, (_state, w) => w);
      if (!who.isAdmin) throw denied(t`only admins may prune media: it removes files the whole team reads — ask an admin`);
      if (!Number.isSafeInteger(options.olderThanMs) || options.olderThanMs < MIN_PRUNE_AGE_MS) {
        throw new GuruError('invalid_input', t`--older-than must be at least 1d (got ${options.olderThanMs} ms) — e.g. \`guru media prune --older-than 180d\``);
      }
      const before = new Date(ctx.deps.clock.now().getTime() - options.olderThanMs).toISOString();
      const result = await service().prune(before, options.dryRun === true);
      if (!result.dryRun) {
        const { files, bytes, messages, keptShared } = result;
        await ctx.deps.audit.append([
          { time: ctx.now(), actor: who.label, action: 'media.prune', target: `before ${before}`, details: { files, bytes, messages, keptShared } },
        ]);
      }
      return result;
    },
  };
}
