/** The player view's words (`locales/en/player.json`), added when its chunk loads: not in the first screen. */
import { addWords } from '../../kit/strings.ts';
import words from '../../../locales/en/player.json';

addWords(words);
