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
  let builder = new AxeBuilder({ page });
  for (const part of typeof within === 'string' ? [within] : (within ?? [])) {
    builder = builder.include(part);
  }
  // WCAG 2.2's target size (2.5.8, AA) is off in axe 4.10 unless asked for.
  const { violations } = await builder
    .options({ rules: { 'target-size': { enabled: true } } })
    .analyze();
  const lines = violations.flatMap((v) =>
    v.nodes.map((n) => `${v.impact ?? '?'} ${v.id}: ${n.target.join(' ')}: ${v.help}`),
  );
  if (lines.length > 0) console.log(`${name}\n  ${lines.join('\n  ')}`);
  return violations.filter((v) => BLOCKING.has(v.impact ?? '')).map((v) => v.id);
}
