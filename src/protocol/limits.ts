/**
 * RFC 5321 §4.5.3.1 size limits. Objects may be larger in practice; these are
 * the minimums a server must accept and the values the simulator enforces.
 */
export const LIMITS = {
  /** §4.5.3.1.1 */
  localPart: 64,
  /** §4.5.3.1.2 */
  domain: 255,
  /** §4.5.3.1.3: including the punctuation (angle brackets, "@"). */
  path: 256,
  /** §4.5.3.1.4: command word, arguments and CRLF. Extensions may add to it (RFC 1869 §4.1.2). */
  commandLine: 512,
  /** §4.5.3.1.5 */
  replyLine: 512,
  /** §4.5.3.1.6: including CRLF, not counting a leading transparency dot. */
  textLine: 1000,
  /** §4.5.3.1.7: the smallest maximum message size a server may set. */
  minMessageSize: 64 * 1024,
  /** §4.5.3.1.8: a server must buffer at least 100 recipients. */
  minRecipients: 100,
  /** RFC 4954 §4: "a line length of 12288 octets" for SASL exchanges. */
  saslLine: 12288,
  /** The line cap where the dialect sets none (RFC 772): longer lines get 500, as RFC 772 p. 13 allows. */
  unlimitedEraLine: 4096,
} as const;
