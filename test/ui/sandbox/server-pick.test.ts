/** The era and the port's role act at once; a restart leaves one notice, never a stack. */
import { describe, expect, it } from 'vitest';
import { RestartNotice, withEra, withRole } from '../../../src/ui/sandbox/server-pick.ts';
import { DEFAULT_SETTINGS } from '../../../src/ui/sandbox/settings.ts';
import { SettingsForm } from '../../../src/ui/sandbox/settings-form.svelte.ts';
import { EXTENSIONS } from '../../../src/protocol/extensions/index.ts';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { profileById } from '../../../src/protocol/profiles.ts';
import { FIXED_NOW } from '../../helpers.ts';
import { memoryStore } from '../store.ts';

const ORDER = EXTENSIONS.map((e) => e.keyword);
const newSim = () => new Simulator({ store: memoryStore(), session: { now: FIXED_NOW } });

describe('choosing an era or a port role', () => {
  it('an era changes the dialect only; the session restarts in it at once', () => {
    const sim = newSim();
    sim.send('EHLO client.test');
    const next = withEra({ ...DEFAULT_SETTINGS, vrfy: 'deny' }, 'rfc821');
    expect(next).toEqual({ ...DEFAULT_SETTINGS, vrfy: 'deny', dialect: 'rfc821' });
    sim.applySettings(next);
    expect(sim.session.dialect.id).toBe('rfc821');
    expect(sim.typedLines).toEqual([]);
  });

  it("a role brings its extensions, as the form's choice does; none keeps them", () => {
    const submission = withRole(DEFAULT_SETTINGS, 'submission');
    expect(submission.profile).toBe('submission');
    expect([...submission.extensions].sort()).toEqual(
      [...profileById('submission')!.world.extensions!].sort(),
    );
    // As the form would give them: Apply has nothing left to apply.
    const form = new SettingsForm(submission);
    expect(form.changedFrom(submission, ORDER)).toBe(false);
    const back = withRole(submission, 'none');
    expect(back.profile).toBe('none');
    expect(back.extensions).toEqual(submission.extensions);
  });
});

describe('RestartNotice', () => {
  it('keeps one restart notice: each replaces the one before', () => {
    const sim = newSim();
    const notice = new RestartNotice(sim);
    notice.run(() => sim.applySettings(withEra(sim.settings, 'rfc821')));
    notice.run(() => sim.applySettings(withEra(sim.settings, 'rfc1869')));
    notice.run(() => sim.newSession());
    notice.run(() => sim.applySettings(withEra(sim.settings, 'rfc5321')));
    expect(sim.notices).toHaveLength(1);
    expect(sim.notices[0]!.text).toMatch(/new session/);
  });

  it('leaves the other notices alone, and clear() drops its own (a lesson opens)', () => {
    const sim = newSim();
    sim.feed('!raw \\q\r\n');
    expect(sim.notices.map((n) => n.kind)).toEqual(['error']);
    const notice = new RestartNotice(sim);
    notice.run(() => sim.newSession());
    expect(sim.notices).toHaveLength(2);
    notice.clear();
    expect(sim.notices.map((n) => n.kind)).toEqual(['error']);
  });
});
