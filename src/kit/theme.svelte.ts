/**
 * Light and dark follow the system unless the learner picks one; a
 * high-contrast theme (page and console) can be chosen. The choice is kept
 * in localStorage; the system preference is followed live.
 */
import type { KeyValueStore } from './store.ts';

export const THEME_CHOICES = ['system', 'light', 'dark', 'contrast'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export const THEME_KEY = 'smtp-simulator/theme';

export interface ResolvedTheme {
  readonly scheme: 'light' | 'dark';
  readonly contrast: boolean;
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): ResolvedTheme {
  switch (choice) {
    case 'light':
      return { scheme: 'light', contrast: false };
    case 'dark':
      return { scheme: 'dark', contrast: false };
    case 'contrast':
      return { scheme: systemDark ? 'dark' : 'light', contrast: true };
    default:
      return { scheme: systemDark ? 'dark' : 'light', contrast: false };
  }
}

/** The console's Monaco theme for a resolved page theme (smtp-* are defined in editor.ts). */
export function monacoTheme(
  t: ResolvedTheme,
): 'smtp-light' | 'smtp-dark' | 'hc-black' | 'hc-light' {
  if (t.contrast) return t.scheme === 'dark' ? 'hc-black' : 'hc-light';
  return t.scheme === 'dark' ? 'smtp-dark' : 'smtp-light';
}

export class Theme {
  choice = $state<ThemeChoice>('system');
  systemDark = $state(false);
  resolved = $derived(resolveTheme(this.choice, this.systemDark));
  private readonly store: KeyValueStore | undefined;

  constructor(store?: KeyValueStore, media?: MediaQueryList) {
    this.store = store;
    try {
      const saved = store?.getItem(THEME_KEY);
      if (saved && (THEME_CHOICES as readonly string[]).includes(saved))
        this.choice = saved as ThemeChoice;
    } catch {
      /* unreadable storage: follow the system */
    }
    if (media) {
      this.systemDark = media.matches;
      media.addEventListener('change', (e) => (this.systemDark = e.matches));
    }
  }

  choose(choice: ThemeChoice) {
    this.choice = choice;
    try {
      this.store?.setItem(THEME_KEY, choice);
    } catch {
      /* not kept: fine */
    }
  }
}
