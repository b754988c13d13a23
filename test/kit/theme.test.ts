import { describe, expect, it } from 'vitest';
import { THEME_KEY, Theme, monacoTheme, resolveTheme } from '../../src/kit/theme.svelte.ts';
import { memoryStore } from '../ui/store.ts';

describe('themes', () => {
  it('follow the system unless chosen', () => {
    expect(resolveTheme('system', true)).toEqual({ scheme: 'dark', contrast: false });
    expect(resolveTheme('system', false)).toEqual({ scheme: 'light', contrast: false });
    expect(resolveTheme('light', true)).toEqual({ scheme: 'light', contrast: false });
    expect(resolveTheme('contrast', true)).toEqual({ scheme: 'dark', contrast: true });
  });

  it('map to Monaco themes, high contrast included', () => {
    expect(monacoTheme({ scheme: 'light', contrast: false })).toBe('smtp-light');
    expect(monacoTheme({ scheme: 'dark', contrast: false })).toBe('smtp-dark');
    expect(monacoTheme({ scheme: 'dark', contrast: true })).toBe('hc-black');
    expect(monacoTheme({ scheme: 'light', contrast: true })).toBe('hc-light');
  });

  it('keep the choice, and ignore a bad stored value', () => {
    const store = memoryStore();
    new Theme(store).choose('dark');
    expect(store.data.get(THEME_KEY)).toBe('dark');
    expect(new Theme(store).choice).toBe('dark');
    expect(new Theme(memoryStore({ [THEME_KEY]: 'purple' })).choice).toBe('system');
  });
});
