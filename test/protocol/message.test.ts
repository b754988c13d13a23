import { describe, expect, it } from 'vitest';
import { addressesIn, headerFields, traceFields } from '../../src/protocol/message.ts';

describe('message header fields (RFC 5322)', () => {
  it('reads header fields, unfolding continuation lines', () => {
    expect(headerFields('To: Bob\r\n  <bob@x.test>\r\nSubject: s\r\n\r\nBody: no')).toEqual([
      { name: 'To', value: 'Bob <bob@x.test>' },
      { name: 'Subject', value: 's' },
    ]);
    expect(addressesIn('Bob <Bob@X.test>, carol@y.test')).toEqual(['bob@x.test', 'carol@y.test']);
  });

  it('stops at a line that is not a field', () => {
    expect(headerFields('Subject: s\nnot a field\nTo: b')).toEqual([
      { name: 'Subject', value: 's' },
    ]);
    expect(headerFields(' folded first\r\nTo: b')).toEqual([]);
  });

  it('splits trace fields at CRLF not followed by folding white space', () => {
    expect(traceFields('Return-Path: <a@b>\r\nReceived: from x\r\n\tby y\r\n')).toEqual([
      'Return-Path: <a@b>',
      'Received: from x\n\tby y',
    ]);
  });
});
