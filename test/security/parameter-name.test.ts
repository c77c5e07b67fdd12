import { describe, expect, it } from 'vitest';
import { parameterNameEnd, parameterStartsAt } from '../../src/security/parameter-name.js';

describe('parameter names inside a value', () => {
  it('reads a name and its `=`', () => {
    expect(parameterNameEnd('q=1', 0)).toBe(2);
    expect(parameterNameEnd('filter[name]=x', 0)).toBe(13);
    expect(parameterNameEnd('a b=1', 0)).toBe(-1);
    expect(parameterNameEnd('=1', 0)).toBe(-1);
    expect(parameterNameEnd(`${'a'.repeat(32)}=1`, 0)).toBe(33);
    expect(parameterNameEnd(`${'a'.repeat(33)}=1`, 0)).toBe(-1);
  });
  it('finds where the next parameter starts', () => {
    expect(parameterStartsAt('x&page=1', 1)).toBe(true);
    expect(parameterStartsAt('x && y=1', 2)).toBe(false);
    expect(parameterStartsAt('x&', 1)).toBe(false);
  });
});
