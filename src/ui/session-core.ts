/**
 * The session's parts that the first screen loads right after it paints, behind one import:
 * one chunk to preload instead of seven. Each lazy import appends its own preload links (a
 * script and its stylesheets), and appending those two dozen links was one of the longest
 * tasks after the first paint at a phone's processor.
 */
export { Simulator } from './sandbox/simulator.svelte.ts';
export { ConsoleState } from '../console/console.svelte.ts';
export { RestartNotice } from './sandbox/server-pick.ts';
export { default as Console } from '../console/Console.svelte';
export { default as LastReply } from './sandbox/LastReply.svelte';
export { default as Transcript } from './pictures/Transcript.svelte';
export { default as Notices } from './Notices.svelte';
