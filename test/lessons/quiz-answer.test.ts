import { describe, expect, it } from 'vitest';
import { isQuizAnswer, parseQuizAnswer } from '../../src/lessons/quiz-answer.ts';

describe('quiz answers', () => {
  it('reads `? id: answer` and `? id = answer`, the answer trimmed', () => {
    expect(parseQuizAnswer('? q1: 250 ')).toEqual({ id: 'q1', answer: '250' });
    expect(parseQuizAnswer('?relay-open = yes')).toEqual({ id: 'relay-open', answer: 'yes' });
  });

  it('takes nothing else', () => {
    for (const line of ['HELO a', '?', '? q1', '? q1:', ' ? q1: a', '?? q: a'])
      expect(isQuizAnswer(line), line).toBe(false);
    expect(parseQuizAnswer('MAIL FROM:<a@b>')).toBeNull();
  });
});
