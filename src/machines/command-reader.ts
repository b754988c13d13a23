/**
 * From a command line to the machine's event: the verb looked up in the
 * dialect (and the verbs the enabled extensions add), its argument parsed,
 * the event's type the command's role. A lesson's faults script the reply of
 * the Nth command with a verb; the reader counts verbs and marks that one.
 */
import type { CommandSpec, Role } from '../protocol/commands.ts';
import type { Dialect } from '../protocol/dialects/index.ts';
import type { Extension } from '../protocol/extensions/index.ts';
import { parseArguments, splitCommand, type ParseOptions } from '../protocol/parser.ts';
import type { World } from '../protocol/world.ts';
import type { SessionFault } from './session-types.ts';
import type { ServerEvent } from './types.ts';

/** `smtp.<role>`, one string per role (a template literal per line would make a new one each time). */
const TYPES = new Map<Role, `smtp.${Role}`>();
function eventType(spec: CommandSpec): `smtp.${Role}` {
  let type = TYPES.get(spec.role);
  if (type === undefined) TYPES.set(spec.role, (type = `smtp.${spec.role}`));
  return type;
}

export class CommandReader {
  /**
   * Each verb's command: the dialect's first (as `commandSpec` finds it), else
   * one the enabled extensions add (STARTTLS, AUTH, BDAT). A table, not a
   * search and a closure per line.
   */
  private readonly specs = new Map<string, CommandSpec>();
  /** With SMTPUTF8 on, addresses may be UTF-8; the handlers ask for the MAIL parameter (RFC 6531 §3.4). */
  private readonly utf8: boolean;
  /** Commands seen per verb, for the faults (only counted when there are faults). */
  private readonly verbCounts = new Map<string, number>();
  /** The era's argument grammar: the same for every command, so made once, not per line. */
  private readonly parseOptions: ParseOptions;

  constructor(
    private readonly dialect: Dialect,
    private readonly world: World,
    extensions: readonly Extension[],
    private readonly faults: readonly SessionFault[],
  ) {
    for (const c of [...dialect.commands, ...extensions.flatMap((e) => e.verbs ?? [])])
      if (!this.specs.has(c.verb)) this.specs.set(c.verb, c);
    this.utf8 = extensions.some((e) => e.keyword === 'SMTPUTF8');
    this.parseOptions = {
      grammar: dialect.paths,
      nullReversePath: dialect.nullReversePath,
      params: dialect.extensions,
      utf8: this.utf8,
      maxPath: dialect.limits.path,
    };
  }

  /** The machine event for a command line. Nothing is sent, nothing counted. */
  event(text: string, at: Date): ServerEvent {
    const command = splitCommand(text);
    const spec = this.specs.get(command.verb);
    // A server from before 1993 does not know EHLO at all (RFC 1869 §4.6: 500).
    if (!spec || (spec.verb === 'EHLO' && this.world.ehlo === 'unknown'))
      return { type: 'smtp.unknown', command };
    return {
      type: eventType(spec),
      command,
      parsed: parseArguments(spec, command.args, this.parseOptions),
      at,
    };
  }

  /**
   * The event with the reply a fault scripts for this occurrence of its verb,
   * if any (counts it); the same event otherwise. Its `scripted` says which.
   */
  withFault(event: ServerEvent): ServerEvent {
    if (this.faults.length === 0 || !('command' in event)) return event;
    const verb = event.command.verb.toUpperCase();
    const n = (this.verbCounts.get(verb) ?? 0) + 1;
    this.verbCounts.set(verb, n);
    const fault = this.faults.find((f) => f.verb.toUpperCase() === verb && f.occurrence === n);
    if (!fault) return event;
    return { ...event, scripted: { reply: fault.reply, close: fault.close === true } };
  }
}
