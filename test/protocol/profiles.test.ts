/**
 * Port profiles (RFC 6409, RFC 8314) over a world: one merge for the app,
 * the lessons and the bridge, so a 587 server behaves the same in each.
 */
import { describe, expect, it } from 'vitest';
import { worldFor } from '../../src/cli/bridge-options.ts';
import { worldOf } from '../../src/lessons/run.ts';
import { createSession } from '../../src/machines/session.ts';
import { PROFILES, profileById, withProfile } from '../../src/protocol/profiles.ts';
import { MECHANISMS } from '../../src/protocol/sasl.ts';
import { DEFAULT_SETTINGS, sessionOptions } from '../../src/ui/sandbox/settings.ts';

describe('withProfile', () => {
  it('lets the world win and the profile fill in the rest', () => {
    const submission = profileById('submission')!;
    const w = withProfile('submission', { extensions: ['SIZE'], hostname: 'mx.example.test' });
    expect(w.extensions).toEqual(['SIZE']);
    expect(w.hostname).toBe('mx.example.test');
    expect(w.auth).toEqual(submission.world.auth);
    expect(w.requireQualifiedDomains).toBe(true);
  });

  it('is the world itself without a profile, or with an unknown one', () => {
    const world = { hostname: 'a.example.test' };
    expect(withProfile(undefined, world)).toBe(world);
    expect(withProfile('none', world)).toBe(world);
    expect(profileById('nope')).toBeUndefined();
  });

  it('offers the mechanisms the simulator implements on the submission ports', () => {
    for (const p of PROFILES.filter((x) => x.world.auth))
      expect(p.world.auth!.mechanisms).toEqual([...MECHANISMS]);
  });
});

describe('a 587 server is the same in the app, in a lesson and on the bridge', () => {
  // RFC 6409 §4.2: an MSA refuses an envelope domain that is not fully qualified (554 5.1.2).
  const refusesPartialDomain = (world: ReturnType<typeof withProfile>) => {
    const s = createSession({ world, tls: 'simulated' });
    s.feed('');
    s.send('EHLO client.test');
    s.send('STARTTLS');
    s.send('EHLO client.test');
    // alice / wonderland, the default world's account.
    s.send('AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=');
    s.send('MAIL FROM:<alice@example.test>');
    return s.send('RCPT TO:<bob@sales>').map((r) => r.code);
  };

  it('refuses bob@sales with the submission profile in the sandbox, a lesson and the bridge', () => {
    // Choosing the profile in the panel takes its extensions too (settings-form.svelte.ts).
    const extensions = [...profileById('submission')!.world.extensions!];
    const app = sessionOptions({ ...DEFAULT_SETTINGS, profile: 'submission', extensions }).world!;
    const lesson = worldOf({ profile: 'submission' });
    expect(refusesPartialDomain(app)).toEqual([554]);
    expect(refusesPartialDomain(lesson)).toEqual([554]);
    expect(refusesPartialDomain(worldFor('submission', {}))).toEqual([554]);
  });
});
