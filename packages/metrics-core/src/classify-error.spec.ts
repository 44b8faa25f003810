import { classifyError } from './classify-error';
import { findPrice } from './pricing';

describe('classifyError', () => {
  it.each([
    [Object.assign(new Error('x'), { name: 'AbortError' }), 'cancelled'],
    [Object.assign(new Error('x'), { code: 'ABORT_ERR' }), 'cancelled'],
    [Object.assign(new Error('x'), { name: 'TimeoutError' }), 'timeout'],
    [Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), 'timeout'],
    [Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 'timeout'],
    [Object.assign(new Error('x'), { status: 429 }), 'rate_limited'],
    [Object.assign(new Error('x'), { statusCode: 503 }), 'server_error'],
    [Object.assign(new Error('x'), { status: 422 }), 'invalid_request'],
    [Object.assign(new Error('x'), { status: 404 }), 'client_error'],
    [Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'connection_error'],
    [Object.assign(new Error('x'), { errorType: 'content_filter' }), 'content_filter'],
    [Object.assign(new Error('the user said: drop table'), { code: 'EWEIRD' }), '_OTHER'],
    ['a string', '_OTHER'],
    [undefined, '_OTHER'],
  ])('maps %p to %s', (error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });
});

describe('findPrice', () => {
  const prices = { openai: { 'gpt-4o': { inputPer1k: 0.0025, outputPer1k: 0.01 } } };
  it('finds listed models only, never inherited properties', () => {
    expect(findPrice(prices, 'openai', 'gpt-4o')).toEqual({ inputPer1k: 0.0025, outputPer1k: 0.01 });
    expect(findPrice(prices, 'openai', 'constructor')).toBeUndefined();
    expect(findPrice(prices, 'constructor', 'name')).toBeUndefined();
    expect(findPrice(undefined, 'openai', 'gpt-4o')).toBeUndefined();
  });
});
