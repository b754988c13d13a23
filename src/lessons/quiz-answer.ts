/**
 * A quiz answer typed in a lesson (`? id: answer`, or `? id = answer`): it
 * goes to the lesson, not to the server. One pattern for the lesson's session
 * and the page, so both take the same lines as answers.
 */

/** A line of `solution.smtp` (or typed) that answers a quiz instead of going to the server. */
export const QUIZ_ANSWER = /^\?\s*([\w-]+)\s*[:=]\s*(.+)$/;

export interface QuizAnswer {
  readonly id: string;
  readonly answer: string;
}

/** The question id and the answer (trimmed) a line gives, or null for any other line. */
export function parseQuizAnswer(line: string): QuizAnswer | null {
  const match = QUIZ_ANSWER.exec(line);
  return match ? { id: match[1]!, answer: match[2]!.trim() } : null;
}

export function isQuizAnswer(line: string): boolean {
  return QUIZ_ANSWER.test(line);
}
