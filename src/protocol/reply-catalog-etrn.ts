/**
 * ETRN's replies (RFC 1985 §5.1), kept beside the catalog that spreads them
 * in (reply-catalog.ts would pass 500 lines). The texts are the RFC's, with
 * its <x> as {node}. RFC 1985 (August 1996) came before enhanced status codes
 * (RFC 2034, October 1996); the codes here are RFC 3463's classes for a
 * session that has them on: success, other status, policy, syntax.
 */
import type { ReplyTemplate } from './reply-catalog.ts';

export const ETRN_REPLIES = {
  etrnStarted: {
    code: 250,
    enhanced: '2.0.0',
    text: 'OK, queuing for node {node} started',
    rfc: 'RFC 1985 §5.1',
  },
  etrnNoMessages: {
    code: 251,
    enhanced: '2.0.0',
    text: 'OK, no messages waiting for node {node}',
    rfc: 'RFC 1985 §5.1',
  },
  etrnPending: {
    code: 252,
    enhanced: '2.0.0',
    text: 'OK, pending messages for node {node} started',
    rfc: 'RFC 1985 §5.1',
  },
  etrnPendingCount: {
    code: 253,
    enhanced: '2.0.0',
    text: 'OK, {count} pending messages for node {node} started',
    rfc: 'RFC 1985 §5.1',
  },
  etrnUnable: {
    code: 458,
    enhanced: '4.0.0',
    text: 'Unable to queue messages for node {node}',
    rfc: 'RFC 1985 §5.1, §5.2',
  },
  etrnNotAllowed: {
    code: 459,
    enhanced: '4.7.0',
    text: 'Node {node} not allowed: {reason}',
    rfc: 'RFC 1985 §5.1, §5.2',
  },
  etrnNoNode: {
    code: 500,
    enhanced: '5.5.2',
    text: 'Syntax Error: ETRN takes a node name',
    rfc: 'RFC 1985 §5.1, §7',
  },
  etrnBadNode: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Syntax Error in Parameters: {reason}',
    rfc: 'RFC 1985 §5.1, §7',
  },
} as const satisfies Record<string, ReplyTemplate>;
