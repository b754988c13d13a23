/**
 * ETRN (RFC 1985): the client asks the server to start delivering the mail it
 * holds for a node, over a new connection the server opens itself (§3, §5.1).
 * Unlike TURN (RFC 821 §3.8) the roles never swap, so nothing rests on the
 * name the client gave in HELO (§1). The machine refuses ETRN inside a mail
 * transaction (§5) and before HELO/EHLO; this room answers the rest from the
 * world's queues (world.etrn).
 */
import { reply, type Reply } from '../replies.ts';
import { isQualified, lower } from '../relay.ts';
import type { CommandEvent, Outcome, ServerContext } from '../session-state.ts';
import type { EtrnQueues, World } from '../world.ts';
import { room, stringArg } from './room.ts';

/** What ETRN asks for: a node, a domain and its subdomains (`@`), or a named queue (`#`), §5.3. */
interface Request {
  readonly kind: 'node' | 'domain' | 'queue';
  readonly name: string;
}

type Waiting = number | 'pending' | 'unable';

/** Dot-separated labels of letters, digits and inner hyphens (RFC 1035 §2.3.1). */
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, 'i');
/** A queue's name is the server's own business (§5.3): any visible characters here. */
const QUEUE = /^[\x21-\x7e]+$/;

const bad = (reason: string) => reply('etrnBadNode', { reason });

/** `ETRN [<option character>]<node name>` (§5): the option character sits right before the name. */
function read(arg: string): Request | Reply {
  // §7: a bare ETRN is answered "500 Syntax Error"; 501 is for a parameter that is wrong.
  if (arg === '') return reply('etrnNoNode');
  const option = arg[0];
  const name = option === '@' || option === '#' ? arg.slice(1) : arg;
  if (option === '#')
    return QUEUE.test(name) ? { kind: 'queue', name } : bad('a queue name follows #');
  if (!DOMAIN.test(name)) return bad(`${name || 'nothing'} is not a domain name`);
  if (option === '@') return { kind: 'domain', name };
  // §5: the node name must be fully qualified; §7 refuses "ETRN localname" with 501.
  if (!name.includes('.')) return bad(`${name} is not a fully qualified domain name`);
  return { kind: 'node', name };
}

/** The table entries a request names: a queue or node by its name, `@d` every node under d. */
function matching(queues: EtrnQueues['queues'] = {}, request: Request): Waiting[] {
  const name = lower(request.name);
  return Object.entries(queues)
    .filter(([key]) => {
      const k = lower(key);
      if (request.kind === 'queue') return k === `#${name}`;
      if (request.kind === 'node') return k === name;
      return !k.startsWith('#') && (k === name || k.endsWith(`.${name}`));
    })
    .map(([, waiting]) => waiting);
}

/** Why the request is refused with 459 (§5.1, §5.2), or null when its queue is started. */
function refusal(
  world: World,
  etrn: EtrnQueues,
  arg: string,
  request: Request,
  waiting: readonly Waiting[],
): string | null {
  const refused = Object.entries(etrn.refused ?? {}).find(([k]) => lower(k) === lower(arg));
  if (refused) return refused[1];
  // §8: "@com" would release the mail for every name that ends in com.
  if (request.kind === 'domain' && !request.name.includes('.'))
    return 'that would release a whole top-level domain';
  if (waiting.length > 0) return null;
  // §5.3: named queues are a local matter, and a client has no way to list them.
  if (request.kind === 'queue') return 'no such queue here';
  // The world has no DNS: a name resolves when it ends in a top-level domain it knows.
  if (!isQualified(world, request.name)) return 'Unable to resolve name.';
  // §5.2: most servers keep a list of the nodes they start queues for; by default an
  // unlisted node that resolves is served, with nothing waiting.
  return etrn.others === 'refuse' ? "not on this server's list of nodes" : null;
}

/** 250 started; 251 none waiting; 252 some, no count; 253 with the count (§5.1). */
function started(etrn: EtrnQueues, node: string, waiting: readonly Waiting[]): Reply {
  if (waiting.length > 0 && waiting.every((w) => w === 'unable'))
    return reply('etrnUnable', { node });
  if (etrn.replies === 'started') return reply('etrnStarted', { node });
  if (waiting.includes('pending')) return reply('etrnPending', { node });
  const count = waiting.reduce<number>((n, w) => n + (typeof w === 'number' ? w : 0), 0);
  return count === 0
    ? reply('etrnNoMessages', { node })
    : reply('etrnPendingCount', { node, count });
}

function etrn(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const arg = stringArg(event);
  const request = read(arg);
  if ('code' in request) return { reply: request };
  const settings = context.world.etrn;
  // §6: a minimal server starts every queue for any request, so it only ever says 250.
  if (settings.replies === 'minimal') return { reply: reply('etrnStarted', { node: arg }) };
  const waiting = matching(settings.queues, request);
  const reason = refusal(context.world, settings, arg, request, waiting);
  if (reason !== null) return { reply: reply('etrnNotAllowed', { node: arg, reason }) };
  return { reply: started(settings, arg, waiting) };
}

export const ETRN = room({
  verb: 'ETRN',
  role: 'etrn',
  parse: 'string',
  // Optional for the parser: a missing node name is the room's 500, not the parser's 501 (§7).
  args: 'optional',
  eras: {
    rfc1985: {
      syntax: 'ETRN [<option character>]<node name>',
      summary: 'Ask the server to start sending the mail queued for a node (@domain, #queue)',
      rfc: 'RFC 1985 §5',
    },
  },
  handle: etrn,
  replies: [
    'etrnStarted',
    'etrnNoMessages',
    'etrnPending',
    'etrnPendingCount',
    'etrnUnable',
    'etrnNotAllowed',
    'etrnNoNode',
    'etrnBadNode',
  ],
  // RFC 2920 §3.1: a command an extension adds ends a pipelined group unless its RFC says otherwise.
  endsGroup: true,
});
