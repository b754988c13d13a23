/**
 * Each step in plain words: what the client line asks (the verb's summary and
 * section from the era's command table), what each reply means (the era's
 * list of codes, citations.ts), or that a line is message text. All from the
 * protocol core's tables, nothing written per transcript.
 */
import './words.ts';
import { t } from '../../kit/strings.ts';
import { citeTopic, eraMeaning } from '../../protocol/citations.ts';
import { commandSpec, type Dialect } from '../../protocol/dialects/index.ts';
import type { PlayerStep, StepReply } from './steps.ts';

export interface Said {
  readonly text: string;
  /** Where the rule is stated (an RFC section), '' when none. */
  readonly rfc: string;
}

export interface StepExplanation {
  /** What the client line asks (null for the connection). */
  readonly client: Said | null;
  /** What each reply shown means, in order. */
  readonly replies: readonly Said[];
}

const END_OF_TEXT = '.';

/** The reply the step shows: the recorded ones, the simulator's when nothing is recorded. */
export const shownReplies = (s: PlayerStep): readonly StepReply[] =>
  s.recorded.length ? s.recorded : s.simulated;

function clientSaid(dialect: Dialect, text: string, inText: boolean): Said {
  if (inText && text === END_OF_TEXT)
    return { text: t('player.explain.end'), rfc: citeTopic(dialect, 'transparency') ?? '' };
  if (inText)
    return {
      text: text.startsWith('.') ? t('player.explain.stuffed') : t('player.explain.text'),
      rfc: text.startsWith('.') ? (citeTopic(dialect, 'transparency') ?? '') : '',
    };
  const verb = (/^\S+/.exec(text)?.[0] ?? '').toUpperCase();
  const spec = commandSpec(dialect, verb);
  if (!spec) return { text: t('player.explain.unknown', { verb: verb || text }), rfc: '' };
  return { text: `${spec.verb}: ${spec.summary}`, rfc: spec.rfc ?? '' };
}

function replySaid(dialect: Dialect, r: StepReply): Said {
  const meaning = eraMeaning(dialect, r.code);
  if (meaning) return { text: `${r.code}: ${meaning.text}`, rfc: meaning.rfc };
  return {
    text: t('player.explain.code', { code: r.code }),
    rfc: citeTopic(dialect, 'replyTheory') ?? '',
  };
}

/**
 * Whether a step's client line is message text (after a 354, up to the lone
 * "." that ends it), given whether the steps before left the text open; and
 * whether it is still open after this step. The player walks its steps with
 * it as they are compared; the words are made only for the steps shown.
 */
export function textStep(open: boolean, s: PlayerStep): { text: boolean; open: boolean } {
  const text = open && s.client !== null;
  let after = open && s.client !== END_OF_TEXT;
  if (shownReplies(s).some((r) => r.code === 354)) after = true;
  return { text, open: after };
}

/** One step explained; `inText` from textStep. */
export function explainStep(s: PlayerStep, dialect: Dialect, inText: boolean): StepExplanation {
  return {
    client: s.client === null ? null : clientSaid(dialect, s.client, inText),
    replies: shownReplies(s).map((r) => replySaid(dialect, r)),
  };
}
