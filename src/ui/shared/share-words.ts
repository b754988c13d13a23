/** The share boxes' words (`locales/en/share.json`), added when the player's or the library's chunk loads. */
import { addWords } from '../../kit/strings.ts';
import words from '../../../locales/en/share.json';

addWords(words);
