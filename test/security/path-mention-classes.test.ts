import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';

// A relative path climbing one or two directories, named in a sentence (a word before it, a sentence
// after it), versus a path given as the value. Values written for these tests (not taken from a
// held-out set).
const d = new InjectionDetector();
const score = (v: string) => d.score(v).score;

describe('a relative path named in a sentence is a mention', () => {
  it.each([
    'see ../CONTRIBUTING for the rules',
    'tried ../../assets/logo.svg but the build cannot find it',
    'moved it to ../shared/utils.ts and now the tests fail',
    'imports from ../../lib/db.js on Windows break',
    'hint: ../docs/setup.md has the steps',
  ])('clean: %s', (v) => {
    expect(score(v)).toBeLessThan(5);
  });
  it.each([
    '../../assets/logo.svg',
    '../../../../etc/passwd',
    'see ../../../../../windows/win.ini for details',
    'x ../../etc/shadow and more',
    'file=../../app/config.php',
    '../../config/db.yml',
    'open ../../etc/passwd now',
  ])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
});

describe('a path followed by a sentence with a contraction is named, not requested', () => {
  it.each(["C:\\Program Files\\Editor\\editor.exe won't launch", "/etc/hosts doesn't resolve my alias", "c:\\windows\\notepad.exe isn't there"])('clean: %s', (v) => {
    expect(score(v)).toBeLessThan(5);
  });
  it.each(["/etc/shadow'", 'c:\\windows\\win.ini', '/etc/passwd && id'])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
});
