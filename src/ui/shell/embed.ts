/**
 * The embed layout (`?embed=1`): the page inside a course page's <iframe>,
 * with no site header, only the lesson, the library or the player of the
 * address's fragment, and a link to the same place in the full app.
 */
export const isEmbed = (search: string) => new URLSearchParams(search).get('embed') === '1';

/** The same address without `embed=1`: the full app at the same place. */
export function fullApp(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('embed');
  return url.href;
}
