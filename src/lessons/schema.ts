/**
 * The frontmatter schema of eras and lessons, checked field by field with
 * messages that name the field and say what was expected.
 */
import { DIALECTS, type DialectId } from '../protocol/dialects/index.ts';
import { PROFILES, profileById, type Profile } from '../protocol/profiles.ts';
import { DEFAULT_WORLD, type World } from '../protocol/world.ts';
import type { FrontMap, FrontValue } from './frontmatter.ts';
import { validateGoal } from './goals.ts';
import { CATALOG } from '../protocol/replies.ts';
import { SCENARIOS, type ScenarioId } from '../protocol/network/scenarios.ts';
import type {
  ClientSettings,
  CompareSide,
  Fault,
  Goal,
  JourneySettings,
  Settings,
} from './types.ts';

const ERA_KEYS = ['title', 'dialect', 'profile', 'world', 'role', 'client', 'scenario', 'journey'];
const LESSON_KEYS = [...ERA_KEYS, 'rfcs', 'facts', 'goals', 'hints', 'faults', 'compare'];

const isMap = (v: FrontValue | undefined): v is FrontMap =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(front: FrontMap, known: readonly string[], problems: string[]) {
  for (const key of Object.keys(front))
    if (!known.includes(key)) problems.push(`unknown field "${key}" (known: ${known.join(', ')})`);
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'empty';
  return typeof v === 'object' ? 'a map' : `a ${typeof v}`;
}

const CLIENT_FIELDS: Readonly<Record<keyof ClientSettings, string>> = {
  from: 'text',
  to: 'a list',
  subject: 'text',
  body: 'text',
  hello: 'text',
  pipelining: 'a boolean',
  starttls: 'text',
};
const STARTTLS = ['never', 'if-offered', 'required'];

/** `client`: the client the learner answers when they play the server (`role: server`). */
function readClient(value: FrontValue, problems: string[]): ClientSettings | undefined {
  if (!isMap(value)) {
    problems.push(
      `"client" must be a map of ${Object.keys(CLIENT_FIELDS).join(', ')} (the client the learner answers)`,
    );
    return undefined;
  }
  const kinds: Record<string, string> = {
    text: 'a string',
    'a list': 'a list',
    'a boolean': 'a boolean',
  };
  for (const [key, v] of Object.entries(value)) {
    const want = CLIENT_FIELDS[key as keyof ClientSettings];
    if (!want)
      problems.push(
        `"client.${key}" is not a client setting (known: ${Object.keys(CLIENT_FIELDS).join(', ')})`,
      );
    else if (kindOf(v) !== kinds[want])
      problems.push(`"client.${key}" must be ${want}; got ${JSON.stringify(v)}`);
  }
  if (
    Array.isArray(value.to) &&
    (value.to.length === 0 || !value.to.every((x) => typeof x === 'string' && x.includes('@')))
  )
    problems.push('"client.to" must list at least one address (e.g. [bob@example.test])');
  if (value.starttls !== undefined && !STARTTLS.includes(String(value.starttls)))
    problems.push(
      `"client.starttls" must be one of ${STARTTLS.join(', ')}; got ${JSON.stringify(value.starttls)}`,
    );
  return value as unknown as ClientSettings;
}

const SCENARIO_IDS: readonly string[] = SCENARIOS.map((s) => s.id);
const isAddressList = (v: unknown) =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.includes('@'));

/** `journey`: the message of a `role: journey` lesson, its sender and recipients. */
function readJourney(value: FrontValue, problems: string[]): JourneySettings | undefined {
  if (!isMap(value)) {
    problems.push('"journey" must be a map of from, to (the message sent through the world)');
    return undefined;
  }
  for (const key of Object.keys(value))
    if (key !== 'from' && key !== 'to')
      problems.push(`"journey.${key}" is not a journey setting (known: from, to)`);
  if (value.from !== undefined && !(typeof value.from === 'string' && value.from.includes('@')))
    problems.push(`"journey.from" must be an address; got ${JSON.stringify(value.from)}`);
  if (value.to !== undefined && !isAddressList(value.to))
    problems.push('"journey.to" must list at least one address (e.g. [alice@example.test])');
  return value as unknown as JourneySettings;
}

const ROLES = ['client', 'server', 'journey'] as const;

export function readSettings(front: FrontMap, problems: string[]): Settings {
  const settings: {
    dialect?: DialectId;
    profile?: Profile['id'];
    world?: Partial<World>;
    role?: (typeof ROLES)[number];
    client?: ClientSettings;
    scenario?: ScenarioId;
    journey?: JourneySettings;
  } = {};
  if (front.role !== undefined) {
    const role = ROLES.find((r) => r === front.role);
    if (role) settings.role = role;
    else
      problems.push(
        `"role" must be client (the learner types commands), server (the learner types the replies) or journey (the learner sends a message through a world of hosts); got ${JSON.stringify(front.role)}`,
      );
  }
  if (front.scenario !== undefined) {
    if (typeof front.scenario === 'string' && SCENARIO_IDS.includes(front.scenario))
      settings.scenario = front.scenario as ScenarioId;
    else
      problems.push(
        `"scenario" must be one of ${SCENARIO_IDS.join(', ')}; got ${JSON.stringify(front.scenario)}`,
      );
  }
  if (front.journey !== undefined) {
    const journey = readJourney(front.journey, problems);
    if (journey) settings.journey = journey;
  }
  if (front.client !== undefined) {
    const client = readClient(front.client, problems);
    if (client) settings.client = client;
  }
  if (front.dialect !== undefined) {
    if (typeof front.dialect === 'string' && front.dialect in DIALECTS)
      settings.dialect = front.dialect as DialectId;
    else
      problems.push(
        `"dialect" must be one of ${Object.keys(DIALECTS).join(', ')}; got ${JSON.stringify(front.dialect)}`,
      );
  }
  if (front.profile !== undefined) {
    const p = typeof front.profile === 'string' ? profileById(front.profile) : undefined;
    if (p) settings.profile = p.id;
    else
      problems.push(
        `"profile" must be one of ${PROFILES.map((x) => x.id).join(', ')}; got ${JSON.stringify(front.profile)}`,
      );
  }
  if (front.world !== undefined) {
    if (!isMap(front.world)) problems.push('"world" must be a map of world settings');
    else {
      for (const [key, value] of Object.entries(front.world))
        if (key in DEFAULT_WORLD) {
          const expected = kindOf(DEFAULT_WORLD[key as keyof World]);
          if (kindOf(value) !== expected)
            problems.push(`"world.${key}" must be ${expected}; got ${JSON.stringify(value)}`);
        } else
          problems.push(
            `"world.${key}" is not a world setting (known: ${Object.keys(DEFAULT_WORLD).join(', ')})`,
          );
      settings.world = front.world as unknown as Partial<World>;
    }
  }
  return settings;
}

export function readEra(front: FrontMap): {
  title: string;
  settings: Settings;
  problems: string[];
} {
  const problems: string[] = [];
  unknownKeys(front, ERA_KEYS, problems);
  if (typeof front.title !== 'string' || front.title === '')
    problems.push('"title" is required (a string)');
  return { title: String(front.title ?? ''), settings: readSettings(front, problems), problems };
}

export interface LessonFront {
  readonly title: string;
  readonly settings: Settings;
  readonly rfcs: number[];
  readonly facts: { rfc: number; date: string }[];
  readonly goals: Goal[];
  readonly hints: string[];
  readonly faults: Fault[];
  readonly compare: Omit<CompareSide, 'lines'>[];
}

/** `compare`: two or more sessions shown side by side, each typed in its era's dialect. */
function readCompare(value: FrontValue | undefined, problems: string[]) {
  const sides: Omit<CompareSide, 'lines'>[] = [];
  if (value === undefined) return sides;
  if (!Array.isArray(value) || value.length < 2) {
    problems.push('"compare" must be a list of at least two { dialect, session, title }');
    return sides;
  }
  value.forEach((v, i) => {
    const at = `"compare[${i}]"`;
    if (!isMap(v)) return void problems.push(`${at} must be a map`);
    for (const key of Object.keys(v))
      if (!['dialect', 'session', 'title'].includes(key))
        problems.push(`${at}: unknown field "${key}" (known: dialect, session, title)`);
    if (typeof v.dialect !== 'string' || !(v.dialect in DIALECTS))
      problems.push(`${at}: "dialect" must be one of ${Object.keys(DIALECTS).join(', ')}`);
    if (typeof v.session !== 'string' || !/^[a-z0-9][a-z0-9-]*\.smtp$/.test(v.session))
      problems.push(
        `${at}: "session" must name a .smtp file in the lesson folder (e.g. then.smtp)`,
      );
    if (v.title !== undefined && typeof v.title !== 'string')
      problems.push(`${at}: "title" must be text`);
    const dialect = (
      typeof v.dialect === 'string' && v.dialect in DIALECTS ? v.dialect : 'rfc5321'
    ) as DialectId;
    sides.push({
      dialect,
      session: String(v.session ?? ''),
      title: typeof v.title === 'string' ? v.title : DIALECTS[dialect].title,
    });
  });
  return sides;
}

export function readLesson(front: FrontMap): { lesson: LessonFront; problems: string[] } {
  const problems: string[] = [];
  unknownKeys(front, LESSON_KEYS, problems);
  if (typeof front.title !== 'string' || front.title === '')
    problems.push('"title" is required (a string)');
  const settings = readSettings(front, problems);

  const rfcs: number[] = [];
  if (!Array.isArray(front.rfcs) || front.rfcs.length === 0)
    problems.push('"rfcs" is required: the RFC numbers the lesson cites, e.g. [821, 5321]');
  else
    for (const r of front.rfcs) {
      if (typeof r === 'number' && Number.isInteger(r)) rfcs.push(r);
      else problems.push(`"rfcs" holds numbers; got ${JSON.stringify(r)}`);
    }

  const facts: { rfc: number; date: string }[] = [];
  if (front.facts !== undefined) {
    if (!Array.isArray(front.facts)) problems.push('"facts" must be a list of { rfc, date }');
    else
      front.facts.forEach((f, i) => {
        if (isMap(f) && typeof f.rfc === 'number' && typeof f.date === 'string')
          facts.push({ rfc: f.rfc, date: f.date });
        else problems.push(`"facts[${i}]" needs "rfc" (a number) and "date" (a string)`);
      });
  }

  const goals: Goal[] = [];
  if (!Array.isArray(front.goals) || front.goals.length === 0)
    problems.push('"goals" is required: a list of at least one goal');
  else
    front.goals.forEach((g, i) => {
      if (!isMap(g) || typeof g.kind !== 'string') {
        problems.push(`"goals[${i}]" must be a map with a "kind"`);
        return;
      }
      const goal = g as unknown as Goal;
      for (const p of validateGoal(goal)) problems.push(`"goals[${i}]" (${goal.kind}): ${p}`);
      goals.push(goal);
    });

  const hints: string[] = [];
  if (front.hints !== undefined) {
    if (!Array.isArray(front.hints)) problems.push('"hints" must be a list of strings');
    else
      for (const h of front.hints)
        if (typeof h === 'string') hints.push(h);
        else problems.push(`"hints" holds strings; got ${JSON.stringify(h)}`);
  }

  const faults: Fault[] = [];
  if (front.faults !== undefined) {
    if (!Array.isArray(front.faults)) problems.push('"faults" must be a list');
    else
      front.faults.forEach((f, i) => {
        const at = `"faults[${i}]"`;
        if (!isMap(f)) return void problems.push(`${at} must be a map`);
        for (const key of Object.keys(f))
          if (!['verb', 'occurrence', 'reply', 'code', 'text', 'close'].includes(key))
            problems.push(
              `${at}: unknown field "${key}" (known: verb, occurrence, reply, code, text, close)`,
            );
        if (typeof f.verb !== 'string') problems.push(`${at}: "verb" is required (e.g. RCPT)`);
        const occurrence = f.occurrence ?? 1;
        if (typeof occurrence !== 'number' || occurrence < 1 || !Number.isInteger(occurrence))
          problems.push(`${at}: "occurrence" must be a whole number from 1`);
        if (f.reply !== undefined && !(typeof f.reply === 'string' && f.reply in CATALOG))
          problems.push(
            `${at}: "reply" must name a reply of the catalog (e.g. tooManyRecipients, closingShutdown); got ${JSON.stringify(f.reply)}`,
          );
        if (f.reply === undefined && (typeof f.code !== 'number' || f.code < 400 || f.code > 599))
          problems.push(`${at}: give "reply" (a catalog name) or "code" (400-599) with "text"`);
        if (f.close !== undefined && typeof f.close !== 'boolean')
          problems.push(`${at}: "close" must be true or false`);
        faults.push({
          verb: String(f.verb ?? ''),
          occurrence: typeof occurrence === 'number' ? occurrence : 1,
          ...(typeof f.reply === 'string' ? { reply: f.reply } : {}),
          ...(typeof f.code === 'number' ? { code: f.code } : {}),
          ...(typeof f.text === 'string' ? { text: f.text } : {}),
          ...(f.close === true ? { close: true } : {}),
        });
      });
  }

  return {
    lesson: {
      title: String(front.title ?? ''),
      settings,
      rfcs,
      facts,
      goals,
      hints,
      faults,
      compare: readCompare(front.compare, problems),
    },
    problems,
  };
}
