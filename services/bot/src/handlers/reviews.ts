import { findApp, reviewTtlHours } from '@chatops/shared/contracts';
import { reviewsText, type ReviewLine } from '../render/reviews-text.js';
import type { CommandContext } from './command-context.js';

/**
 * `reviews [APP]`: the live review environments (branch environments of transient ones, as heaven
 * records them) with their age, last deploy and expiry; only to the person who asked.
 */
export async function handleReviews(ctx: CommandContext, app?: string): Promise<void> {
  if (!ctx.deps.reviews) return ctx.reply({ text: 'Review environments are not tracked here.' });
  const now = ctx.deps.clock.now();
  const lines: ReviewLine[] = (await ctx.deps.reviews.list())
    .filter((r) => !app || r.app === app)
    .map((review) => {
      const env = findApp(ctx.deps.config, review.app)?.app.environments[review.config_environment];
      const expiresAt = env?.transient ? review.last_deploy_at + reviewTtlHours(env) * 3_600_000 : null;
      return { review, expiresAt };
    });
  await ctx.reply({ text: reviewsText(lines, now, app) });
}
