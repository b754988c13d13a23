/** The share box's words (`locales/en/share.json`), added when the player's chunk loads. */
import { addWords } from '../../kit/strings.ts';
import words from '../../../locales/en/share.json';

addWords(words);
