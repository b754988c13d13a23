/**
 * The server panel's immediate choices: the era and the port's role start a
 * new session at once (the other settings wait for Apply), and the notice a
 * restart leaves replaces the one before it instead of stacking, and stays
 * in the sandbox when a lesson opens.
 */
import type { DialectId } from '../../protocol/dialects/index.ts';
import { EXTENSIONS } from '../../protocol/extensions/index.ts';
import { profileById, type ProfileId } from '../../protocol/profiles.ts';
import type { ServerSettings } from './settings.ts';

/** The settings with another era; the rest as applied. */
export function withEra(settings: ServerSettings, dialect: DialectId): ServerSettings {
  return { ...settings, dialect };
}

/** The settings with another port role, which brings its extensions (as in the form). */
export function withRole(settings: ServerSettings, profile: ProfileId | 'none'): ServerSettings {
  const chosen = profileById(profile)?.world.extensions;
  if (!chosen) return { ...settings, profile };
  // In the table's order, as the form gives them, so that equal choices compare equal.
  const extensions = EXTENSIONS.map((e) => e.keyword).filter((k) => chosen.includes(k));
  return { ...settings, profile, extensions };
}

interface Notices {
  readonly notices: readonly { readonly id: number; readonly kind: string }[];
  dismiss(id: number): void;
}

/** The one notice left by the learner's restarts (New session, an era, a port, Apply). */
export class RestartNotice {
  private shown: number[] = [];

  constructor(private readonly sim: Notices) {}

  /** Runs a restart: the notice it leaves replaces the last restart's notice. */
  run(restart: () => void) {
    this.clear();
    const before = new Set(this.sim.notices.map((n) => n.id));
    restart();
    this.shown = this.sim.notices
      .filter((n) => !before.has(n.id) && n.kind === 'info')
      .map((n) => n.id);
  }

  /** Drops the notice (a lesson opens: it is about the sandbox's session). */
  clear() {
    for (const id of this.shown) this.sim.dismiss(id);
    this.shown = [];
  }
}
