import type { DialectId } from '../protocol/dialects/index.ts';
import type { ScenarioId } from '../protocol/network/scenarios.ts';
import type { Profile } from '../protocol/profiles.ts';
import type { World } from '../protocol/world.ts';
import type { FrontMap } from './frontmatter.ts';

/** A goal as written in the frontmatter: `kind` picks the checker, the rest is its data. */
export interface Goal {
  readonly kind: string;
  /** What the checklist shows; a default is made from the goal when absent. */
  readonly label?: string;
  readonly [field: string]: unknown;
}

/** A scripted server answer: the Nth time the learner sends VERB, the server says this instead. */
export interface Fault {
  readonly verb: string;
  /** 1 for the first occurrence of the verb, 2 for the second... */
  readonly occurrence: number;
  /** A reply of the catalog by name (explained from the catalog), or a bare code with text. */
  readonly reply?: string;
  readonly code?: number;
  readonly text?: string;
  /** The server closes the connection after this reply (421). */
  readonly close?: boolean;
}

/** One column of a side-by-side comparison: a session typed in an era's dialect. */
export interface CompareSide {
  readonly dialect: DialectId;
  readonly title: string;
  /** The file in the lesson folder with the lines typed (`then.smtp`). */
  readonly session: string;
  /** Its lines; null when the file is missing. */
  readonly lines: readonly string[] | null;
}

/**
 * The client machine the learner answers in a `role: server` lesson: its
 * message (envelope, subject and body) and its choices. Unset fields keep
 * the defaults of src/lessons/reverse-run.ts.
 */
export interface ClientSettings {
  readonly from?: string;
  readonly to?: readonly string[];
  readonly subject?: string;
  readonly body?: string;
  /** The name in its HELO/EHLO. */
  readonly hello?: string;
  /** Send MAIL, RCPT and DATA as one group when PIPELINING is offered (RFC 2920). */
  readonly pipelining?: boolean;
  readonly starttls?: 'never' | 'if-offered' | 'required';
}

/**
 * The message of a `role: journey` lesson: its sender and recipients. Unset
 * fields keep the scenario's (src/lessons/journey-run.ts).
 */
export interface JourneySettings {
  readonly from?: string;
  readonly to?: readonly string[];
}

/** Settings that flow down from an era to its lessons (a lesson's own win). */
export interface Settings {
  readonly dialect?: DialectId;
  readonly profile?: Profile['id'];
  readonly world?: Partial<World>;
  /**
   * Who the learner is: the client (the default: they type commands), the
   * server (they type replies), or the one who sends a message through a
   * world of hosts and watches its journey (`journey`).
   */
  readonly role?: 'client' | 'server' | 'journey';
  /** The client the learner answers, when they play the server. */
  readonly client?: ClientSettings;
  /** The world variant a journey lesson runs in (src/protocol/network/scenarios.ts). */
  readonly scenario?: ScenarioId;
  /** The journey's message: sender and recipients over the scenario's. */
  readonly journey?: JourneySettings;
}

export interface Era {
  readonly slug: string;
  /** Folder name, with its number: `03-smtp-1982`. */
  readonly dir: string;
  readonly title: string;
  readonly body: string;
  readonly settings: Settings;
  readonly lessons: Lesson[];
}

export interface Lesson {
  /** `era-slug/lesson-slug`, numbers dropped: the deep-link id. */
  readonly id: string;
  readonly slug: string;
  /** Path of the lesson folder relative to the pack root: `03-smtp-1982/01-helo-mail-rcpt-data`. */
  readonly dir: string;
  readonly era: string;
  readonly title: string;
  readonly body: string;
  /** Era settings with the lesson's own applied on top. */
  readonly settings: Settings;
  readonly rfcs: readonly number[];
  readonly facts: readonly { readonly rfc: number; readonly date: string }[];
  readonly goals: readonly Goal[];
  readonly hints: readonly string[];
  readonly faults: readonly Fault[];
  /** Sessions shown side by side (the same mail in two eras); empty for most lessons. */
  readonly compare?: readonly CompareSide[];
  /** Lines the learner types, as `solution.smtp` gives them. */
  readonly solution: readonly string[] | null;
  /** Lines replayed before the learner starts (`start.smtp`). */
  readonly start: readonly string[];
  readonly prev: string | null;
  readonly next: string | null;
  /** The raw frontmatter, for kinds added later. */
  readonly front: FrontMap;
}
