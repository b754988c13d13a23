/**
 * How long the client waits for each reply before it gives up (RFC 5321
 * §4.5.3.2), by the client machine's state: 5 minutes for the greeting, MAIL
 * and RCPT, 2 for the reply to DATA, 10 after the final dot. Over TCP they are
 * real timers; in the browser, simulated time the learner can skip through.
 */
export const CLIENT_TIMEOUTS: Readonly<Record<string, { seconds: number; rfc: string }>> = {
  greeting: { seconds: 300, rfc: 'RFC 5321 §4.5.3.2.1' },
  mail: { seconds: 300, rfc: 'RFC 5321 §4.5.3.2.2' },
  rcpt: { seconds: 300, rfc: 'RFC 5321 §4.5.3.2.3' },
  data: { seconds: 120, rfc: 'RFC 5321 §4.5.3.2.4' },
  text: { seconds: 600, rfc: 'RFC 5321 §4.5.3.2.6' },
  chunk: { seconds: 600, rfc: 'RFC 5321 §4.5.3.2.6' },
  mtpText: { seconds: 600, rfc: 'RFC 5321 §4.5.3.2.6' },
};

/** Commands the section names no time for (EHLO, STARTTLS, AUTH, QUIT...): the server's own 5 minutes. */
export const DEFAULT_TIMEOUT = { seconds: 300, rfc: 'RFC 5321 §4.5.3.2.7' };

export const timeoutFor = (state: string) => CLIENT_TIMEOUTS[state] ?? DEFAULT_TIMEOUT;
