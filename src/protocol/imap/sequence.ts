/**
 * Sequence sets (RFC 9051 §9: `1`, `2:4`, `3,5:*`). With message sequence
 * numbers, "*" is the last message and a number past it is an error; with
 * UIDs (the UID command, §6.4.9), "*" is the largest UID in use and UIDs
 * that name no message are skipped.
 */

/** The positions (0-based) a set names in a mailbox whose UIDs are `uids`, in order; or a problem. */
export function resolveSet(
  text: string,
  uids: readonly number[],
  byUid: boolean,
): { ok: true; positions: number[] } | { ok: false; problem: string } {
  if (!/^(\d+|\*)(:(\d+|\*))?(,(\d+|\*)(:(\d+|\*))?)*$/.test(text))
    return {
      ok: false,
      problem: `"${text.slice(0, 30)}" is not a sequence set (e.g. 1, 2:4, 1:*)`,
    };
  const count = uids.length;
  const last = byUid ? (uids[count - 1] ?? 0) : count;
  const chosen = new Set<number>();
  for (const range of text.split(',')) {
    const [a, b = a] = range.split(':').map((n) => (n === '*' ? last : Number(n)));
    if (a === 0 || b === 0) return { ok: false, problem: 'numbers in a sequence set start at 1' };
    const lo = Math.min(a!, b!);
    const hi = Math.max(a!, b!);
    if (byUid) uids.forEach((uid, i) => uid >= lo && uid <= hi && chosen.add(i));
    else {
      if (count === 0)
        return { ok: false, problem: 'the mailbox is empty: no message numbers yet' };
      if (hi > count) return { ok: false, problem: `no message ${hi}: the mailbox has ${count}` };
      for (let n = lo; n <= hi; n++) chosen.add(n - 1);
    }
  }
  return { ok: true, positions: [...chosen].sort((x, y) => x - y) };
}
