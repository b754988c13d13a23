/**
 * The side panel's editable copy of the server settings: text fields as the
 * learner types them, turned into settings when applied.
 */
import { profileById, type ProfileId } from '../../protocol/profiles.ts';
import type { DialectId } from '../../protocol/dialects/index.ts';
import type { VerifyPolicy } from '../../protocol/world.ts';
import {
  listFromText,
  sameSettings,
  usersFromText,
  usersToText,
  type ServerSettings,
} from './settings.ts';

export class SettingsForm {
  dialect = $state<DialectId>('rfc5321');
  profile = $state<ProfileId | 'none'>('none');
  extensions = $state<string[]>([]);
  users = $state('');
  localDomains = $state('');
  relayDomains = $state('');
  vrfy = $state<VerifyPolicy>('verify');
  expn = $state<VerifyPolicy>('verify');
  turn = $state<ServerSettings['turn']>('refuse');

  constructor(from: ServerSettings) {
    this.reset(from);
  }

  reset(from: ServerSettings) {
    this.dialect = from.dialect;
    this.profile = from.profile;
    this.extensions = [...from.extensions];
    this.users = usersToText(from.users);
    this.localDomains = from.localDomains.join(', ');
    this.relayDomains = from.relayDomains.join(', ');
    this.vrfy = from.vrfy;
    this.expn = from.expn;
    this.turn = from.turn;
  }

  /** Choosing a port's role takes its extensions too (they can still be changed one by one). */
  chooseProfile(id: ProfileId | 'none') {
    this.profile = id;
    const profile = profileById(id);
    if (profile?.world.extensions) this.extensions = [...profile.world.extensions];
  }

  toggleExtension(keyword: string, on: boolean) {
    this.extensions = on
      ? [...this.extensions.filter((k) => k !== keyword), keyword]
      : this.extensions.filter((k) => k !== keyword);
  }

  toSettings(order: readonly string[]): ServerSettings {
    return {
      dialect: this.dialect,
      profile: this.profile,
      // Keep the table's order, so equal choices compare equal.
      extensions: order.filter((k) => this.extensions.includes(k)),
      users: usersFromText(this.users),
      localDomains: listFromText(this.localDomains),
      relayDomains: listFromText(this.relayDomains),
      vrfy: this.vrfy,
      expn: this.expn,
      turn: this.turn,
    };
  }

  changedFrom(current: ServerSettings, order: readonly string[]): boolean {
    return !sameSettings(this.toSettings(order), current);
  }
}
