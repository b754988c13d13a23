/** The library view's words (`locales/en/library.json`), added when its chunk loads. */
import { addWords } from '../../kit/strings.ts';
import words from '../../../locales/en/library.json';

addWords(words);
