import { fail, ok, type Result } from '../platform/errors';
import { normaliseSecretAnswer } from '../platform/auth/password-hashing';

/**
 * guide 2.3.1: "Choose one of the questions from the drop down list and then enter and
 * re-enter your answer". The gateway's list:
 */
export const SECRET_QUESTIONS: readonly string[] = [
  'What was the name of your first school?',
  'What is your mother’s maiden name?',
  'What was the name of your first pet?',
  'In which town or city were you born?',
  'What was the make of your first car?',
  'What is the name of the street you grew up in?',
  'What was your childhood nickname?',
  'Who was your favourite teacher?',
];

export const SECRET_ANSWER_MIN_LENGTH = 3;
export const SECRET_ANSWER_MAX_LENGTH = 100;

/** A question of the list and its answer, normalised for hashing (guide 3.5.6.2: not case sensitive). */
export function secretQuestionAndAnswer(question: string, answer: string): Result<{ question: string; answer: string }> {
  if (!SECRET_QUESTIONS.includes(question)) {
    return fail('SECRET_QUESTION_UNKNOWN', 'Choose one of the questions listed by GET /admin/self/secret-question');
  }
  const normalised = normaliseSecretAnswer(answer);
  const length = [...normalised].length;
  if (length < SECRET_ANSWER_MIN_LENGTH || length > SECRET_ANSWER_MAX_LENGTH) {
    return fail(
      'SECRET_ANSWER_INVALID',
      `The answer must be ${SECRET_ANSWER_MIN_LENGTH} to ${SECRET_ANSWER_MAX_LENGTH} characters, ignoring case and extra spaces`,
    );
  }
  return ok({ question, answer: normalised });
}
