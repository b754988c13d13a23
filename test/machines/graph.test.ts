/**
 * Model-based check with xstate/graph: for each dialect, the shortest paths
 * from the greeting reach every state the era's server can be in, driven by
 * command lines parsed exactly as the session parses them.
 */
import { describe, expect, it } from 'vitest';
import { getShortestPaths } from 'xstate/graph';
import { serverMachine } from '../../src/machines/server.ts';
import { createSession, stateName } from '../../src/machines/session.ts';
import type { ServerEvent } from '../../src/machines/types.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { makeWorld } from '../../src/protocol/world.ts';

const SMTP_LINES = [
  'HELO client.test',
  'EHLO client.test',
  'MAIL FROM:<alice@example.test>',
  'SEND FROM:<alice@example.test>',
  'RCPT TO:<bob@example.test>',
  'DATA',
  'RSET',
  'QUIT',
];
const MTP_LINES = [
  'MAIL FROM:<w@client.test> TO:<alice@example.test>',
  'MAIL FROM:<w@client.test> TO:<carol@example.test>',
  'CONT',
  'ABRT',
  'MRSQ T',
  'MRCP TO:<alice@example.test>',
  'QUIT',
];

const EXPECTED: Record<DialectId, string[]> = {
  rfc772: ['ready', 'data', 'closed'],
  rfc780: ['ready', 'data', 'pending', 'closed'],
  rfc788: ['greeting', 'ready', 'transaction.mail', 'transaction.rcpt', 'data', 'closed'],
  rfc821: ['greeting', 'ready', 'transaction.mail', 'transaction.rcpt', 'data', 'closed'],
  rfc1123: ['greeting', 'ready', 'transaction.mail', 'transaction.rcpt', 'data', 'closed'],
  rfc1869: ['greeting', 'ready', 'transaction.mail', 'transaction.rcpt', 'data', 'closed'],
  rfc5321: ['greeting', 'ready', 'transaction.mail', 'transaction.rcpt', 'data', 'closed'],
};

const END_OF_DATA: ServerEvent = {
  type: 'smtp.content',
  data: {
    content: [new TextEncoder().encode('x\r\n')],
    size: 3,
    overflow: false,
    longLines: 0,
    bareLfLines: 0,
    unstuffed: 0,
  },
  at: new Date(0),
};

describe('xstate/graph: shortest paths reach every state', () => {
  for (const id of Object.keys(DIALECTS) as DialectId[]) {
    it(id, () => {
      const dialect = DIALECTS[id];
      const world = makeWorld({
        forwards: [{ local: 'carol', to: 'carol@elsewhere.test', mode: 'forward' }],
      });
      // Events are built by a session of the same dialect, exactly as it builds them from typed lines.
      const builder = createSession({ dialect: id, world });
      const lines = dialect.helloRequired ? SMTP_LINES : MTP_LINES;
      const events = [...lines.map((l) => builder.commandEvent(l)), END_OF_DATA];
      const paths = getShortestPaths(serverMachine, {
        input: { world, dialect, clientAddress: '192.0.2.1' },
        events: (snapshot) => (snapshot.matches('data') ? [END_OF_DATA] : events),
        // The mailbox and counters grow without end; the state and the open envelope are what matter.
        serializeState: (snapshot) =>
          JSON.stringify([
            snapshot.value,
            snapshot.context.envelope?.recipients.length ?? -1,
            snapshot.context.mtp.scheme,
            !!snapshot.context.mtp.stored,
            snapshot.status,
          ]),
        limit: 10_000,
      });
      const reached = new Set(paths.map((p) => stateName(p.state.value)));
      expect([...reached].sort()).toEqual([...EXPECTED[id]].sort());
      // Each state is reached by a path the session itself would follow.
      for (const path of paths) {
        const session = createSession({ dialect: id, world });
        session.feed('');
        for (const step of path.steps.slice(1)) {
          const e = step.event as ServerEvent;
          if (e.type === 'smtp.content') session.feed('x\r\n.\r\n');
          else if ('command' in e) session.send(e.command.line);
        }
        expect(session.state).toBe(stateName(path.state.value));
      }
    });
  }
});
