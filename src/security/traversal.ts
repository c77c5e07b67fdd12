import { SCORE, type Analyser, type HitList } from './rule-hit.js';
import { escapeRegExp } from '../core/keyword-matcher.js';
import { PlainLiterals, type PlainValue } from './plain-text.js';
import { endsInWords, proseArguments } from './quoted-code.js';

/** Files and folders read by traversal and inclusion attacks (matched in the folded path). */
const SENSITIVE_FILES = [
  'etc/passwd',
  'etc/shadow',
  'etc/group',
  'etc/hosts',
  'etc/issue',
  'etc/motd',
  'etc/sudoers',
  'etc/crontab',
  'etc/fstab',
  'etc/mtab',
  'etc/inittab',
  'etc/resolv.conf',
  'etc/httpd',
  'etc/apache',
  'etc/nginx',
  'etc/mysql',
  'etc/php',
  'etc/ssh',
  'etc/security',
  'etc/init',
  'proc/self',
  'proc/version',
  'proc/cmdline',
  'proc/net',
  'proc/sched_debug',
  'proc/mounts',
  'win.ini',
  'boot.ini',
  'system.ini',
  'windows/system32',
  'winnt/system32',
  'windows/repair',
  'winnt/repair',
  'system32/',
  'web.config',
  'web-inf/',
  'meta-inf/',
  '.htaccess',
  '.htpasswd',
  'wp-config',
  'id_rsa',
  'id_dsa',
  '.ssh/',
  'authorized_keys',
  'known_hosts',
  '.bash_history',
  '.bashrc',
  '.mysql_history',
  'php.ini',
  'httpd.conf',
  'my.cnf',
  'my.ini',
  'var/log/',
  'access_log',
  'error_log',
  'access.log',
  'error.log',
  'var/mail',
  'var/spool',
  'var/www',
  'usr/local',
  'inetpub',
  'xampp/',
  'sam',
  'config.php',
  'localstart.asp',
  'usr/pkg',
  'opt/',
  'root/',
] as const;

/** Of those, the ones that are an attack on their own (no `../` needed). */
const SYSTEM_FILES = [
  'etc/passwd',
  'etc/shadow',
  'etc/group',
  'etc/hosts',
  'etc/sudoers',
  'proc/self/',
  'proc/version',
  'win.ini',
  'boot.ini',
  'system.ini',
  'windows/system32',
  'winnt/system32',
  '.htpasswd',
  'id_rsa',
  'authorized_keys',
  '.bash_history',
] as const;

/** Whether any of the sensitive files occurs (one scan; the list is searched in order only when one does). */
const SENSITIVE_FILE_ANY = new RegExp(SENSITIVE_FILES.map(escapeRegExp).join('|'));

/** Roots of absolute filesystem paths that have no business in a request parameter. */
const SYSTEM_ROOTS = [
  '/etc/',
  '/proc/',
  '/var/',
  '/usr/',
  '/opt/',
  '/root/',
  '/home/',
  '/boot/',
  '/dev/',
  '/sys/',
  '/tmp/',
  '/bin/',
  '/sbin/',
  '/lib/',
  '/srv/',
  '/private/',
  '/applications/',
  '/library/',
  '/system/',
  '/users/',
  '/windows/',
  '/winnt/',
  '/inetpub/',
  '/program files',
  '/documents and settings/',
  '/xampp/',
  '/apache',
  '/nginx/',
  '/wamp/',
  '/mysql/',
  '/php',
] as const;

/** Whether any of {@link SYSTEM_FILES} occurs (one scan; the list is searched in order only when one does). */
const SYSTEM_FILE_ANY = new RegExp(SYSTEM_FILES.map(escapeRegExp).join('|'));

/** {@link SYSTEM_ROOTS} by the character after the slash, in list order: only those can start at a given place. */
const SYSTEM_ROOTS_BY_CHAR = new Map<number, string[]>();
for (const root of SYSTEM_ROOTS) {
  const c = root.charCodeAt(1);
  const list = SYSTEM_ROOTS_BY_CHAR.get(c);
  if (list === undefined) SYSTEM_ROOTS_BY_CHAR.set(c, [root]);
  else list.push(root);
}
const NONE: readonly string[] = [];

/** What can match in plain text: parent segments, folding, dot-files, system files (see `mayMatchPlain`). */
const PLAIN_TRIGGERS = new PlainLiterals(['..', '//', '/.', ...SYSTEM_FILES]);
/** A plain value starting with a system root (`/etc/...`, `/usr/...`). */
const PLAIN_ROOTS = new PlainLiterals(SYSTEM_ROOTS, 'start');

/** Roots that are an attack when a parameter value starts with them (`?file=/var/log/x`). */
const PARAM_ROOTS = [
  '/etc/',
  '/proc/',
  '/var/',
  '/usr/',
  '/opt/',
  '/root/',
  '/boot/',
  '/dev/',
  '/sys/',
  '/bin/',
  '/sbin/',
  '/lib/',
  '/srv/',
  '/private/',
  '/windows/',
  '/winnt/',
  '/inetpub/',
  '/xampp/',
  '/volumes/',
] as const;

/** Dot-files and folders holding secrets or history; `/.well-known/` is not among them. */
const DOTFILES = [
  '/.env',
  '/.git/',
  '/.git',
  '/.svn/',
  '/.hg/',
  '/.ssh/',
  '/.aws/',
  '/.bashrc',
  '/.bash_profile',
  '/.profile',
  '/.zshrc',
  '/.htpasswd',
  '/.htaccess',
  '/.npmrc',
  '/.netrc',
  '/.pgpass',
  '/.xauthority',
  '/.mysql_history',
  '/.docker/',
  '/.kube/',
  '/.passwd',
  '/.forward',
  '/.cvs',
  '/.ds_store',
  '/.idea/',
  '/.vscode/',
  '/.config/',
] as const;

/** Stream wrappers used for local or remote inclusion. */
const WRAPPERS = ['php://', 'zip://', 'phar://', 'glob://', 'expect://', 'data://', 'compress.zlib://', 'compress.bzip2://', 'ogg://', 'rar://', 'ssh2.', 'jar:'] as const;

/** Whether any wrapper occurs (one linear scan before the per-wrapper search). */
const WRAPPER_ANY = new RegExp(WRAPPERS.map(escapeRegExp).join('|'));

/** File extensions of configuration, logs, keys and databases. */
const CONFIG_EXTENSIONS = [
  '.conf',
  '.ini',
  '.log',
  '.cnf',
  '.xml',
  '.properties',
  '.yml',
  '.yaml',
  '.pem',
  '.key',
  '.db',
  '.sql',
  '.bak',
  '.old',
  '.inc',
  '.cfg',
  '.config',
  '.passwd',
  '.pwd',
  '.sh',
  '.history',
  '.rc',
  '.sav',
  '.dat',
  '.sqlite',
  '.mdb',
] as const;

/**
 * Path traversal and file inclusion analyser. Parent segments, files and system paths are read
 * on the path folded (`\` read as `/`, `/./`
 * and repeated slashes collapsed): parent segments (`../`, `..\`, `....//`, `..;/`) scored by count,
 * sensitive system files (`etc/passwd`, `win.ini`, `proc/self/environ`, ...) after a traversal or
 * as an absolute path, absolute system paths as the whole value; on the unfolded text, inclusion
 * wrappers (`php://filter`, `file:///` at the start of the value), remote inclusion
 * (`=http://host/x.txt?`); and a NUL truncating a path.
 */
export class TraversalAnalyser implements Analyser {
  readonly category = 'traversal' as const;

  /**
   * On plain text (no `\`, `:`, `=`, space, quote or NUL) only these rules can match: parent
   * segments (`..`), folding (`//`, `/./`) and dot-files (`/.`), a system file (`etc/passwd`), or a
   * value starting with a system root (`/etc/`, `/usr/`); wrappers, drive letters, remote inclusion
   * and parameter values need `:` or `=`.
   */
  mayMatchPlain(plain: PlainValue): boolean {
    return PLAIN_TRIGGERS.test(plain.text, plain.chars) || PLAIN_ROOTS.test(plain.text, plain.chars);
  }

  analyse(text: string, paranoia: number, hits: HitList): void {
    const p = foldPath(text);
    const parents = countParents(p);
    const firstParent = parents > 0 ? p.indexOf('..') : -1;
    const named = parents > 0 && (parentsNamedInProse(p, firstParent) || (parents <= 2 && pathNamedInSentence(p, firstParent)));
    if (named) {
      // `../../ vs ./ in node require`: the parent segments alone, then a sentence; `see ../readme for details`: a path in a sentence: a mention
      hits.add('traversal-parent', 'traversal', SCORE.notice, firstParent, Math.min(p.length, firstParent + 60));
    } else if (parents > 0) {
      const score = parents >= 3 ? SCORE.critical : parents === 2 ? SCORE.error : SCORE.warning;
      hits.add('traversal-parent', 'traversal', score, firstParent, Math.min(p.length, firstParent + 60));
      if (parents < 3 && leadingParent(p, firstParent) && !(parents === 1 && relativeLink(p, firstParent))) {
        // a value that starts by climbing out of its folder: `../x`, `/../x`, `./../x` (not a
        // relative link to a static file, `../images/logo.png`, nor `../` named in prose)
        hits.add('traversal-leading-parent', 'traversal', SCORE.notice, firstParent, Math.min(p.length, firstParent + 60));
      }
    }
    // a system file at the end of a path named in a sentence of plain words (`saw ../../etc/passwd in logs, should i worry`)
    // is read by the system-file rule below, as a mention: a file opened from the value would be named with the words
    // around it; after a shell separator the words are a command's arguments (`; cat ../../etc/passwd in logs`)
    for (let k = 0, any = !(named && wordsBefore(p, firstParent) && sentenceAfterPath(p, firstParent)) && parents > 0 && SENSITIVE_FILE_ANY.test(p); any && k < SENSITIVE_FILES.length; k++) {
      const f = SENSITIVE_FILES[k];
      const at = p.indexOf(f);
      if (at < 0) continue;
      if (f === 'sam' && !(p.startsWith('repair/sam', at - 7) || p.startsWith('config/sam', at - 7))) continue;
      hits.add('traversal-sensitive-file', 'traversal', SCORE.critical, Math.max(0, firstParent), Math.min(p.length, at + f.length + 20));
      break;
    }
    if (SYSTEM_FILE_ANY.test(p)) {
      for (const f of SYSTEM_FILES) {
        const at = p.indexOf(f);
        if (at >= 0) {
          // named in prose (`cat /etc/hosts in my terminal`) or given to a command's option (`ssh -i ~/.ssh/id_rsa host`): a mention, not a file read
          const mention = proseAfter(p, at + f.length) || optionArgument(p, at);
          hits.add('lfi-system-file', 'traversal', mention ? SCORE.notice : SCORE.critical, at, Math.min(p.length, at + f.length + 20));
          break;
        }
      }
    }
    this.absolutePath(p, paranoia, hits);
    this.dotfile(p, hits);
    this.driveLetter(text, paranoia, hits);
    const colon = text.indexOf(':');
    const wrapper = colon >= 0 && WRAPPER_ANY.test(text);
    for (let k = 0; wrapper && k < WRAPPERS.length; k++) {
      const wr = WRAPPERS[k];
      const at = text.indexOf(wr);
      if (at >= 0 && (wr !== 'jar:' || text.indexOf('!/', at) > 0) && (wr !== 'ssh2.' || text.indexOf('://', at) > 0)) {
        hits.add('lfi-wrapper', 'traversal', SCORE.critical, at, Math.min(text.length, at + 60));
        break;
      }
    }
    const file = colon >= 0 ? text.indexOf('file:/') : -1;
    if (file >= 0 && valueStart(text, file)) hits.add('lfi-wrapper', 'traversal', SCORE.critical, file, Math.min(text.length, file + 60));
    if (colon >= 0) this.remoteInclude(text, hits);
    const nul = p.indexOf('\0');
    if (nul > 0 && (parents > 0 || hasExtensionAt(p, nul + 1))) {
      hits.add('lfi-null-byte', 'traversal', SCORE.warning, Math.max(0, nul - 20), Math.min(p.length, nul + 10));
    }
  }

  /** The whole value (or a parameter value) is an absolute system path: `/etc/...`, `c:/windows/...`. */
  private absolutePath(p: string, paranoia: number, hits: HitList): void {
    this.absolutePathAt(p, 0, paranoia, hits);
    let eq = p.indexOf('=');
    for (let k = 0; eq >= 0 && k < 16; k++) {
      this.absolutePathAt(p, eq + 1, paranoia, hits);
      eq = p.indexOf('=', eq + 1);
    }
  }

  private absolutePathAt(p: string, i: number, paranoia: number, hits: HitList): void {
    while (i < p.length && (p.charCodeAt(i) === 32 || p.charCodeAt(i) === 34 || p.charCodeAt(i) === 39)) i++;
    if (p.charCodeAt(i) !== 47) return;
    if (i > 0 && p.charCodeAt(i - 1) === 61) {
      for (const root of PARAM_ROOTS) {
        if (p.startsWith(root, i)) {
          hits.add('lfi-absolute-path', 'traversal', proseAfter(p, pathEnd(p, i)) ? SCORE.notice : SCORE.critical, i, Math.min(p.length, i + 60));
          return;
        }
      }
    }
    for (const root of SYSTEM_ROOTS_BY_CHAR.get(p.charCodeAt(i + 1)) ?? NONE) {
      if (!p.startsWith(root, i)) continue;
      const strong = root === '/etc/' || root === '/proc/' || root === '/windows/' || root === '/winnt/';
      // in a user's home folder (`/home/ana/data.sql`), their own documents, scripts and data are
      // what people type as a file name; server configuration and keys still count (`httpd.conf`)
      const ext = hasConfigExtension(p, i, root === '/home/' || root === '/users/');
      let score: number = strong ? SCORE.critical : ext ? SCORE.critical : paranoia >= 2 ? SCORE.warning : 0;
      if (score === SCORE.critical && proseAfter(p, pathEnd(p, i))) score = SCORE.notice;
      if (score > 0) hits.add('lfi-absolute-path', 'traversal', score, i, Math.min(p.length, i + 60));
      return;
    }
  }

  /** `/.env`, `/.git/config`, `/.ssh/id_rsa`: secrets and repositories under a dot name. */
  private dotfile(p: string, hits: HitList): void {
    if (p.indexOf('/.') < 0) return;
    for (const d of DOTFILES) {
      const at = p.indexOf(d);
      if (at < 0) continue;
      const after = p.charCodeAt(at + d.length);
      // a whole segment: `/.env`, `/.env.local`, `/.git/HEAD`; not `/.environment`, nor a template
      // committed beside the secret file (`/.env.example`, `/.htaccess.dist`)
      if (after === 46 && templateSuffix(p, at + d.length + 1)) continue;
      if (d.endsWith('/') || Number.isNaN(after) || after === 47 || after === 46 || after === 63 || after === 32 || after === 38 || after === 0) {
        // named in prose (`my keys are in ~/.ssh/ but it asks`): a mention, as for system files
        // an option's argument in a command line of plain words (`ssh -i ~/.ssh/id_ed25519 host hangs`): a file the command is given, not one the value asks for
        const mention = proseAfter(p, pathEnd(p, at)) || optionArgument(p, at);
        hits.add('lfi-dotfile', 'traversal', mention ? SCORE.notice : SCORE.critical, at, Math.min(p.length, at + d.length + 30));
        return;
      }
    }
  }

  /** A Windows drive path as the value or a parameter value: `c:\\boot.ini`, `c:/windows` (not `p://host`). */
  private driveLetter(text: string, paranoia: number, hits: HitList): void {
    let i = 0;
    for (let k = 0; k < 16 && i >= 0; k++) {
      while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 34 || text.charCodeAt(i) === 39)) i++;
      const c0 = text.charCodeAt(i);
      const sep = text.charCodeAt(i + 2);
      if (c0 >= 97 && c0 <= 122 && text.charCodeAt(i + 1) === 58 && (sep === 47 || sep === 92 || i + 2 === text.length) && text.charCodeAt(i + 3) !== 47) {
        // `c:\windows\win.ini`, `c:/inetpub/wwwroot/web.config`, a bare drive root; a user's own
        // folder (`c:\users\public\documents`) is a path people type into forms
        // the target is looked for past spaces (`c:\program files\...\access.log`), within MAX_PATH
        const end = pathEnd(text, i);
        const path = text.slice(i, windowsPathEnd(text, i));
        // a file type alone (`.bat`, `.ini`, `.log`) is a target on the system drive or at a drive's
        // root; in a folder of another drive (`d:\photos\x\run.bat`) it is someone's own file
        const target = WINDOWS_PLACE_ANY.test(path) || (WINDOWS_FILE_TYPE_ANY.test(path) && (c0 === 99 || driveRootFile(path)));
        let score: number = end - i <= 3 || target ? SCORE.critical : paranoia >= 2 ? SCORE.warning : 0;
        // named in prose (`c:\program files\x\x.exe not recognized`): the file name, then two words
        if (score === SCORE.critical && end - i > 3 && proseAfter(text, fileNameEnd(path, i))) score = SCORE.notice;
        if (score > 0) hits.add('lfi-absolute-path', 'traversal', score, i, Math.min(text.length, i + 60));
        return;
      }
      const eq = text.indexOf('=', i);
      i = eq < 0 ? -1 : eq + 1;
    }
  }

  /** `=http://host/shell.txt?`: a URL parameter ending in `?` to cut off what the application appends. */
  private remoteInclude(p: string, hits: HitList): void {
    let at = p.indexOf('://');
    while (at > 0) {
      let s = at - 1;
      while (s >= 0 && isLetter(p.charCodeAt(s))) s--;
      const scheme = p.slice(s + 1, at);
      if ((scheme === 'http' || scheme === 'https' || scheme === 'ftp') && s >= 0 && p.charCodeAt(s) === 61) {
        let e = at + 3;
        while (e < p.length && p.charCodeAt(e) !== 38 && p.charCodeAt(e) !== 32 && p.charCodeAt(e) !== 63) e++;
        if (p.charCodeAt(e) === 63 && (e + 1 === p.length || p.charCodeAt(e + 1) === 63 || p.charCodeAt(e + 1) === 38 || p.charCodeAt(e + 1) === 32 || p.charCodeAt(e + 1) === 0)) {
          hits.add('rfi-remote-include', 'traversal', SCORE.critical, s + 1, Math.min(p.length, e + 2));
          return;
        }
      }
      at = p.indexOf('://', at + 3);
    }
  }
}

/** `\` read as `/`, repeated slashes and `/./` collapsed. */
export function foldPath(s: string): string {
  if (s.indexOf('\\') < 0 && s.indexOf('//') < 0 && s.indexOf('/./') < 0) return s;
  let out = '';
  let prevSlash = false;
  const n = s.length;
  let changed = false;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c === 92) {
      c = 47;
      changed = true;
    }
    if (c === 47) {
      if (prevSlash) {
        changed = true;
        continue;
      }
      // "/./" -> "/"
      if (s.charCodeAt(i + 1) === 46 && (s.charCodeAt(i + 2) === 47 || s.charCodeAt(i + 2) === 92)) {
        out += '/';
        i++;
        prevSlash = true;
        changed = true;
        continue;
      }
      out += '/';
      prevSlash = true;
      continue;
    }
    prevSlash = false;
    out += s[i];
  }
  return changed ? out : s;
}

/** Segments made of two or more dots (optionally followed by `;`, space or NUL) before a `/` or the end. */
function countParents(p: string): number {
  let count = 0;
  let i = p.indexOf('..');
  while (i >= 0) {
    const prev = i > 0 ? p.charCodeAt(i - 1) : 47;
    let j = i;
    while (j < p.length && p.charCodeAt(j) === 46) j++;
    if (prev === 47 || prev === 61 || prev === 32 || prev === 0 || prev === 39 || prev === 34 || prev === 58 || i === 0) {
      let k = j;
      while (k < p.length && k < j + 3 && (p.charCodeAt(k) === 59 || p.charCodeAt(k) === 32 || p.charCodeAt(k) === 0)) k++;
      // `..` at the end climbs (`file=..`); three or more dots ending the value are an ellipsis (`comment=...`)
      if ((k === p.length && j - i < 3) || p.charCodeAt(k) === 47) count++;
    }
    i = p.indexOf('..', j);
  }
  return count;
}

/** Windows locations whose files an inclusion reads (system folders, web roots, well-known files), on any drive. */
const WINDOWS_PLACE_ANY = /windows|winnt|system32|inetpub|wwwroot|boot\.ini|win\.ini|\bsam\b|programdata|appdata|\.ssh/;
/** File types an inclusion reads or runs (configuration, logs, programs): targets on the system drive `c:` or at a drive root. */
const WINDOWS_FILE_TYPE_ANY = /\.config|\.ini|\.xml|\.log|\.conf|\.exe|\.dll|\.bat|\.ps1/;

/** Where the last segment of the Windows path `path` (at `i` in the value) ends: its first space, or the path's end. */
function fileNameEnd(path: string, i: number): number {
  const slash = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  const space = path.indexOf(' ', slash + 1);
  return i + (space < 0 ? path.length : space);
}

/** A Windows path naming a file at its drive's root (`d:\x.ini`): no folder separator after `x:\`. */
function driveRootFile(path: string): boolean {
  return path.indexOf('\\', 3) < 0 && path.indexOf('/', 3) < 0;
}

/** Suffixes of templates committed beside a secret file (`.env.example`): they hold no secret. */
const TEMPLATE_SUFFIXES = ['example', 'sample', 'dist', 'template', 'tpl'] as const;

/** A template suffix as the whole next name segment at `at` (then the end, `/`, `?`, `&`, space or NUL). */
function templateSuffix(p: string, at: number): boolean {
  for (const t of TEMPLATE_SUFFIXES) {
    if (!p.startsWith(t, at)) continue;
    const c = p.charCodeAt(at + t.length);
    if (Number.isNaN(c) || c === 47 || c === 63 || c === 38 || c === 32 || c === 0) return true;
  }
  return false;
}

/** Extensions of a user's own documents, scripts and data: no target in a home folder (see {@link hasConfigExtension}). */
const USER_FILE_EXTENSIONS = new Set(['.sql', '.sh', '.yml', '.yaml', '.db', '.dat', '.bak', '.old', '.log', '.xml', '.sav', '.sqlite', '.mdb']);

/** Extensions of the static files relative links point at. */
const STATIC_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp', '.ico', '.css', '.js', '.mjs', '.map', '.woff', '.woff2', '.ttf', '.html', '.htm', '.md'] as const;

/** One `../` at `at` that is a relative link to a static file, or prose about `../` (a space after it, and a space or the value's start before it). */
function relativeLink(p: string, at: number): boolean {
  if (p.charCodeAt(at + 3) === 32 || at + 3 >= p.length) return at === 0 ? at + 3 < p.length : p.charCodeAt(at - 1) === 32;
  const seg = p.slice(at, pathEnd(p, at));
  for (const ext of STATIC_EXTENSIONS) if (seg.endsWith(ext)) return true;
  return false;
}

/** Where the path starting at `i` ends: a space, `?`, `&`, a quote, NUL or the end. */
function pathEnd(p: string, i: number): number {
  let end = i;
  while (end < p.length) {
    const c = p.charCodeAt(end);
    if (c === 32 || c === 63 || c === 38 || c === 34 || c === 39 || c === 0 || c === 10 || c === 9) break;
    end++;
  }
  return end;
}

/** Where a Windows path starting at `i` ends: as {@link pathEnd} but across spaces (`Program Files`), at most 260 characters (MAX_PATH). */
function windowsPathEnd(p: string, i: number): number {
  const max = Math.min(p.length, i + 260);
  let end = i;
  while (end < max) {
    const c = p.charCodeAt(end);
    if (c === 63 || c === 38 || c === 34 || c === 39 || c === 0 || c === 10 || c === 9) break;
    end++;
  }
  return end;
}

/** Prose follows `at`: a space, then two words of letters, a contraction allowed (`/etc/passwd explained by example`, `x.exe won't start`; not `/etc/passwd | nc`). */
function proseAfter(p: string, at: number): boolean {
  let i = at;
  for (let word = 0; word < 2; word++) {
    if (p.charCodeAt(i) !== 32) return word === 1 && (i >= p.length || p.charCodeAt(i) === 38);
    i++;
    const start = i;
    while (i < p.length && p.charCodeAt(i) >= 97 && p.charCodeAt(i) <= 122) i++;
    if (i - start < 2) return false;
    // `won't`, `doesn't`: one apostrophe between letters
    if (p.charCodeAt(i) === 39 && isLetter(p.charCodeAt(i + 1))) {
      i++;
      while (i < p.length && p.charCodeAt(i) >= 97 && p.charCodeAt(i) <= 122) i++;
    }
  }
  return true;
}

/**
 * The value's only parent segments are a bare run at `at` (`../`, `../../`: dots and slashes, at most
 * 24 characters) starting the value, a parameter's value (`q=../ meaning`) or after a space, then a space and a sentence ({@link proseAfter}, {@link proseArguments}):
 * prose about `../`, with no file after it. `../../etc/passwd is readable` names a file and counts.
 */
function parentsNamedInProse(p: string, at: number): boolean {
  if (at > 0 && p.charCodeAt(at - 1) !== 32 && p.charCodeAt(at - 1) !== 61) return false;
  let k = at;
  while (k < p.length && k - at < 24 && (p.charCodeAt(k) === 46 || p.charCodeAt(k) === 47)) k++;
  return p.charCodeAt(k) === 32 && p.indexOf('..', k) < 0 && (proseAfter(p, k) || proseArguments(p, k));
}

/** Characters of a relative path named in a sentence, at most. */
const MAX_NAMED_PATH = 120;

/**
 * The relative path climbing at `at` is named in a sentence: a word and a space before it, and after the
 * path (one token, at most {@link MAX_NAMED_PATH} characters) a space and a sentence ({@link proseAfter},
 * {@link proseArguments}): `tried ../../config/app.json but webpack says not found`, `see ../readme for
 * details`, `saw ../../etc/passwd in logs, should i worry`). A file opened from such a value would be named
 * with the words around it; the caller asks only when the value climbs at most two directories (three or
 * more still count); a system file at its end is then reported by the system-file rule alone, as a mention.
 */
function pathNamedInSentence(p: string, at: number): boolean {
  if (at < 2 || p.charCodeAt(at - 1) !== 32) return false;
  const w = p.charCodeAt(at - 2);
  if (!(isLetter(w) || ((w === 58 || w === 44) && at >= 3 && isLetter(p.charCodeAt(at - 3))))) return false;
  let k = at;
  while (k < p.length && k - at < MAX_NAMED_PATH && p.charCodeAt(k) !== 32) k++;
  return p.charCodeAt(k) === 32 && (proseAfter(p, k) || proseArguments(p, k));
}

/**
 * Back from `at` to the start of the value or of its parameter (`=`), at most {@link MAX_NAMED_PATH}
 * characters: letters, digits, spaces and the punctuation of a sentence (`,` `.` `:` `?` `!` `-`
 * `(` `)`), no shell separator, substitution or line break (`;`, `|`, `&`, `$`, backtick).
 */
function wordsBefore(p: string, at: number): boolean {
  const stop = Math.max(0, at - MAX_NAMED_PATH);
  for (let i = at - 1; i >= stop; i--) {
    const c = p.charCodeAt(i);
    if (c === 61) return true;
    if (!(isLetter(c) || (c >= 48 && c <= 57) || c === 32 || c === 44 || c === 46 || c === 58 || c === 63 || c === 33 || c === 45 || c === 40 || c === 41)) return false;
  }
  return stop === 0;
}

/**
 * The path holding offset `at` (back to a space, at most {@link MAX_NAMED_PATH} characters) is the
 * argument of a command-line option, `-x ` or `--name ` (`--name=`), itself after plain words only
 * ({@link wordsBefore}: no shell separator), and a sentence follows it ({@link sentenceAfter}):
 * `ssh -i ~/.ssh/key deploy@host times out`, `git --git-dir=/srv/.git log shows nothing`. Without
 * the sentence it is an argument passed on (`evil.tld -T ~/.ssh/id_rsa` given to `curl` uploads the key).
 */
function optionArgument(p: string, at: number): boolean {
  const stop = Math.max(0, at - MAX_NAMED_PATH);
  let k = at;
  while (k > stop && p.charCodeAt(k - 1) !== 32 && p.charCodeAt(k - 1) !== 61) k--;
  if (k < 2) return false;
  // before the path: a space, or the `=` of `--name=`; the option's name ends there
  let o = k - 1;
  let letters = 0;
  while (o > 0 && (isLetter(p.charCodeAt(o - 1)) || (letters > 0 && p.charCodeAt(o - 1) === 45 && p.charCodeAt(o - 2) !== 45 && p.charCodeAt(o - 2) !== 32))) {
    o--;
    letters++;
  }
  if (letters === 0 || o < 2 || p.charCodeAt(o - 1) !== 45) return false;
  const dashes = p.charCodeAt(o - 2) === 45 ? 2 : 1;
  const start = o - dashes;
  if (dashes === 1 && letters !== 1) return false;
  if (p.charCodeAt(k - 1) === 61 && dashes !== 2) return false;
  return start >= 1 && p.charCodeAt(start - 1) === 32 && wordsBefore(p, start) && sentenceAfter(p, pathEnd(p, at));
}

/**
 * After offset `from` the value or its parameter (up to `&`) reads as a sentence: its arguments
 * ({@link proseArguments}) or two plain words ending it ({@link endsInWords}).
 */
function sentenceAfter(p: string, from: number): boolean {
  if (proseArguments(p, from)) return true;
  const amp = p.indexOf('&', from);
  return endsInWords(p, from, amp < 0 ? p.length : amp);
}

/**
 * After the path starting at `at` (one token), a sentence of three or more plain words (letters, a final
 * `,` `?` `!` `.` allowed; `i` counts) to the end or the next parameter (`&`): `in logs, should i worry`. `and more`, `now` are
 * not enough to make a system file a mention (`x ../../etc/shadow and more`).
 */
function sentenceAfterPath(p: string, at: number): boolean {
  let i = at;
  while (i < p.length && i - at < MAX_NAMED_PATH && p.charCodeAt(i) !== 32) i++;
  let words = 0;
  while (i < p.length && p.charCodeAt(i) !== 38) {
    while (i < p.length && p.charCodeAt(i) === 32) i++;
    if (i >= p.length || p.charCodeAt(i) === 38) break;
    const start = i;
    while (i < p.length && isLetter(p.charCodeAt(i))) i++;
    const len = i - start;
    while (i < p.length && (p.charCodeAt(i) === 44 || p.charCodeAt(i) === 63 || p.charCodeAt(i) === 33 || p.charCodeAt(i) === 46)) i++;
    if (len === 0 || (i < p.length && p.charCodeAt(i) !== 32 && p.charCodeAt(i) !== 38)) return false;
    if (len >= 2 || p.charCodeAt(start) === 105) words++;
  }
  return words >= 3;
}

/** The parent segment at `at` starts the value or a parameter value (optionally after `/` or `./`). */
function leadingParent(p: string, at: number): boolean {
  let i = at;
  if (i >= 2 && p.charCodeAt(i - 1) === 47 && p.charCodeAt(i - 2) === 46)
    i -= 2; // ./..
  else if (i >= 1 && p.charCodeAt(i - 1) === 47) i -= 1; // /..
  return i === 0 || p.charCodeAt(i - 1) === 61 || p.charCodeAt(i - 1) === 32;
}

/** The path at `from` names a configuration, key, log or data file ({@link CONFIG_EXTENSIONS}); in a `home` folder, not a user's own file type. */
function hasConfigExtension(p: string, from: number, home = false): boolean {
  let end = from;
  while (end < p.length && p.charCodeAt(end) !== 32 && p.charCodeAt(end) !== 63 && p.charCodeAt(end) !== 38 && p.charCodeAt(end) !== 0) end++;
  const seg = p.slice(from, end);
  for (const ext of CONFIG_EXTENSIONS) {
    if (home && USER_FILE_EXTENSIONS.has(ext)) continue;
    if (seg.endsWith(ext) || seg.indexOf(`${ext}/`) >= 0) return true;
  }
  return seg.indexOf('/etc/') >= 0 || seg.endsWith('passwd') || seg.endsWith('shadow');
}

function hasExtensionAt(p: string, i: number): boolean {
  return p.charCodeAt(i) === 46 || (p.charCodeAt(i) === 32 && p.charCodeAt(i + 1) === 46);
}

/** True when position `i` starts the value or a parameter value (`=` before it). */
function valueStart(p: string, i: number): boolean {
  return i === 0 || p.charCodeAt(i - 1) === 61;
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}
