/** The player bench's transcript (browser-player.ts), apart from the browser so Node can make it too. */

/** One cycle of client lines and the replies the default server gives them. */
const CYCLE: readonly (readonly [string, string])[] = [
  ['MAIL FROM:<alice@client.test>', '250 2.1.0 OK'],
  ['RCPT TO:<bob@example.test>', '250 2.1.5 OK'],
  ['NOOP', '250 2.0.0 OK'],
  ['VRFY bob', '250 Bob Example <bob@example.test>'],
  ['RSET', '250 2.0.0 OK'],
];
/** Every 500th cycle: a message, its text with a stuffed line. */
const MESSAGE: readonly (readonly [string, string | null])[] = [
  ['MAIL FROM:<alice@client.test>', '250 2.1.0 OK'],
  ['RCPT TO:<bob@example.test>', '250 2.1.5 OK'],
  ['DATA', '354 Start mail input; end with <CRLF>.<CRLF>'],
  ['Subject: bench', null],
  ['..a line that began with a period', null],
  ['.', '250 2.0.0 OK'],
];

/** RFC-style text of `steps` client lines (the replies as the simulator gives them, roughly). */
export function benchTranscript(steps: number): string {
  const out = [
    '# title: bench',
    '# dialect: rfc5321',
    // A long session of NOOP, VRFY and RSET: the server's junk limit is lifted, as a world may.
    '# world: {"maxJunkCommands":1000000000,"maxErrors":1000000000}',
    'S: 220 mail.example.test ESMTP',
    'C: EHLO client.test',
    'S: 250 mail.example.test',
  ];
  let n = 1;
  for (let cycle = 0; n < steps; cycle++) {
    const lines = cycle % 500 === 499 ? MESSAGE : CYCLE;
    for (const [c, s] of lines) {
      if (n++ >= steps) break;
      out.push(`C: ${c}`);
      if (s) out.push(`S: ${s}`);
    }
  }
  return `${out.join('\n')}\n`;
}
