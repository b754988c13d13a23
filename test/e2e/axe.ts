/**
 * axe-core in the page: every violation is printed (to read in the log), and
 * the ids of the serious and critical ones are returned, for a test to expect
 * none. `within` limits the check to one part of the page, or to several.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const BLOCKING = new Set(['serious', 'critical']);

export async function blockingViolations(
  page: Page,
  name: string,
  within?: string | readonly string[],
): Promise<string[]> {
  // axe.run in the page itself rather than a partial run per frame finished in a new blank
  // page (the builder's default): the same violations on the same nodes, same-origin frames
  // included, at a third to a half of the time. Only a cross-origin frame would go
  // unchecked, and the app has none.
  let builder = new AxeBuilder({ page }).setLegacyMode(true);
  for (const part of typeof within === 'string' ? [within] : (within ?? [])) {
    builder = builder.include(part);
  }
  const { violations } = await builder
    .options({
      // WCAG 2.2's target size (2.5.8, AA) is off in axe 4.10 unless asked for.
      rules: { 'target-size': { enabled: true } },
      // Every node of every violation; of the passes and the rest, which nothing reads,
      // one node each (axe then builds far fewer selectors).
      resultTypes: ['violations'],
    })
    .analyze();
  const lines = violations.flatMap((v) =>
    v.nodes.map((n) => `${v.impact ?? '?'} ${v.id}: ${n.target.join(' ')}: ${v.help}`),
  );
  if (lines.length > 0) console.log(`${name}\n  ${lines.join('\n  ')}`);
  return violations.filter((v) => BLOCKING.has(v.impact ?? '')).map((v) => v.id);
}
