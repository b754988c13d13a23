/** The journey view's words (`locales/en/journey.json`), added when its chunk loads: not in the first screen. */
import { addWords } from '../../kit/strings.ts';
import words from '../../../locales/en/journey.json';

addWords(words);
