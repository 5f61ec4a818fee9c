import { errors as undiciErrors } from 'undici';
import { describe, expect, it } from 'vitest';
import { toTransportError } from './errors.js';

function sysError(code: string, message = `${code} happened`): Error {
  return Object.assign(new Error(message), { code });
}

describe('toTransportError', () => {
  it.each([
    [new undiciErrors.ConnectTimeoutError(), 'timeout', 'UND_ERR_CONNECT_TIMEOUT'],
    [new undiciErrors.HeadersTimeoutError(), 'timeout', 'UND_ERR_HEADERS_TIMEOUT'],
    [new undiciErrors.BodyTimeoutError(), 'timeout', 'UND_ERR_BODY_TIMEOUT'],
    [new DOMException('timed out', 'TimeoutError'), 'timeout', 'TIMEOUT'],
    [sysError('ECONNRESET'), 'reset', 'ECONNRESET'],
    [new undiciErrors.SocketError('other side closed'), 'reset', 'UND_ERR_SOCKET'],
    [sysError('EPIPE'), 'reset', 'EPIPE'],
    [new Error('other side closed'), 'reset', 'UND_ERR_SOCKET'],
    [sysError('ECONNREFUSED'), 'refused', 'ECONNREFUSED'],
    [sysError('ENOTFOUND'), 'dns', 'ENOTFOUND'],
    [sysError('EAI_AGAIN'), 'dns', 'EAI_AGAIN'],
    [sysError('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    [sysError('CERT_HAS_EXPIRED'), 'tls', 'CERT_HAS_EXPIRED'],
    [sysError('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    [new undiciErrors.RequestAbortedError(), 'aborted', 'UND_ERR_ABORTED'],
    [new undiciErrors.ClientDestroyedError(), 'aborted', 'UND_ERR_DESTROYED'],
    [sysError('EWEIRD'), 'other', 'EWEIRD'],
    [new TypeError('bad'), 'other', 'TypeError'],
  ])('%s → %s', (err, category, code) => {
    expect(toTransportError(err)).toMatchObject({ category, code });
  });

  it('walks cause chains and AggregateErrors', () => {
    const wrapped = new TypeError('fetch failed', { cause: sysError('ECONNREFUSED') });
    expect(toTransportError(wrapped).category).toBe('refused');
    const aggregate = new AggregateError([sysError('ECONNREFUSED'), sysError('ECONNREFUSED')], '');
    expect(toTransportError(aggregate)).toMatchObject({ category: 'refused', code: 'ECONNREFUSED' });
    const deep = new Error('a', { cause: new Error('b', { cause: sysError('ENOTFOUND') }) });
    expect(toTransportError(deep).category).toBe('dns');
  });

  it('lets the deadline or the run decide when they ended the request', () => {
    expect(toTransportError(sysError('ECONNRESET'), 'timeout').category).toBe('timeout');
    expect(toTransportError(new undiciErrors.RequestAbortedError(), 'aborted').category).toBe('aborted');
  });

  it('redacts messages', () => {
    const err = sysError('EWEIRD', 'failed with phk_secret123 and s3cr3t-token');
    expect(toTransportError(err).message).toBe('failed with [redacted] and s3cr3t-token');
    const out = toTransportError(err, undefined, (t) => t.replace('s3cr3t-token', '[redacted]'));
    expect(out.message).toBe('failed with phk_secret123 and [redacted]');
  });

  it('never throws on odd inputs', () => {
    expect(toTransportError(undefined).category).toBe('other');
    expect(toTransportError('text').category).toBe('other');
    expect(toTransportError(42).category).toBe('other');
  });
});
