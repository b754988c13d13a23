/**
 * Whole addresses for a place in the app (its fragment) and the snippet that
 * embeds one in a course page: the player's share box and the library's
 * replay build their links with these. No imports: cheap wherever it is used.
 */

/** A whole address for `hash` on this page (`href`), in the embed layout or the full app. */
export function linkTo(href: string, hash: string, embed = false): string {
  const url = new URL(href);
  if (embed) url.searchParams.set('embed', '1');
  else url.searchParams.delete('embed');
  url.hash = hash;
  return url.href;
}

/** The `<iframe>` that shows `src` in a course page (the attribute's quotes escaped). */
export const embedSnippet = (src: string, title: string) =>
  `<iframe src="${src.replaceAll('"', '&quot;')}" title="${title.replaceAll('"', '&quot;')}" width="100%" height="640" style="border:0"></iframe>`;
