import { t } from '../../kit/strings.ts';
import type { ThemeChoice } from '../../kit/theme.svelte.ts';

/** The header's theme picker: each choice's name. */
export function themeNames(): Record<ThemeChoice, string> {
  return {
    system: t('app.theme.system'),
    light: t('app.theme.light'),
    dark: t('app.theme.dark'),
    contrast: t('app.theme.contrast'),
  };
}
