/**
 * What the console asks of the protocol core without changing the session:
 * how the framer would read a line of content. (The reply a command would
 * get is `Session.preview`.)
 */
import { encode } from '../protocol/bytes.ts';
import { Framer } from '../protocol/framing.ts';

/**
 * How the server reads one line of message content: the end of the message,
 * a line whose leading dot it removes (a dot the writer probably meant to
 * keep: `.x` is stored as `x`), or a line kept as typed (`..x`, stored `.x`,
 * counts as kept: that is dot-stuffing done right). In an era without
 * transparency (RFC 772) no dot is removed.
 */
export type ContentLine = 'end' | 'dot-lost' | 'kept';

export function contentLine(line: string, transparency = true): ContentLine {
  const framer = new Framer();
  framer.push(encode(`${line}\r\n`));
  // Without transparency (RFC 772) a leading dot is text: only "." alone ends the text.
  const options = { maxSize: 1 << 20, lenientEnding: false, transparency };
  if (framer.readData(options)) return 'end';
  framer.push(encode('.\r\n'));
  const result = framer.readData(options);
  if (!result || result.unstuffed === 0) return 'kept';
  const first = result.content[0];
  return first && first[0] === 0x2e ? 'kept' : 'dot-lost';
}
