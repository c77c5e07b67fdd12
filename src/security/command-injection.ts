import { SCORE, type Analyser, type HitList } from './rule-hit.js';
import { escapeRegExp } from '../core/keyword-matcher.js';
import { PlainLiterals, type PlainValue } from './plain-text.js';
import { assignedWordAt, expansionPathAt, globPathAt } from './shell-obfuscation.js';
import { conjunctionTail, searchedCommandLine } from './search-query.js';
import { listNounAt, parameterAround, semicolonList } from './item-list.js';
import { endsInWords, executableMention, fenceRunsCode, fencedBlockEnd, inlineCodeSpan, proseAfterCall, proseArguments, sentenceTail } from './quoted-code.js';
import { cmdForLoopAt, joinedName, powerShellAt } from './windows-shell.js';

/** Commands with no everyday-word meaning: recon, download, shells, interpreters. */
const DISTINCT_COMMANDS = new Set([
  'whoami',
  'uname',
  'ifconfig',
  'ipconfig',
  'wget',
  'curl',
  'nc',
  'ncat',
  'netcat',
  'bash',
  'sh',
  'zsh',
  'ksh',
  'csh',
  'tcsh',
  'dash',
  'powershell',
  'pwsh',
  'cmd',
  'systeminfo',
  'tasklist',
  'taskkill',
  'netstat',
  'nslookup',
  'python',
  'python2',
  'python3',
  'perl',
  'php',
  'ruby',
  'lua',
  'node',
  'telnet',
  'tftp',
  'chmod',
  'chown',
  'certutil',
  'findstr',
  'icacls',
  'vssadmin',
  'wevtutil',
  'bitsadmin',
  'xterm',
  'nmap',
  'passwd',
  'useradd',
  'usermod',
  'crontab',
  'mkfifo',
  'base64',
  'xxd',
  'hostname',
  'ipconfig',
  'wmic',
  'reg',
  'regsvr32',
  'rundll32',
  'mshta',
  'cscript',
  'wscript',
  'net',
  'nbtstat',
  'arp',
  'route',
  'traceroute',
  'tracert',
  'dig',
  'uptime',
  'lsb_release',
  'getent',
  'sudo',
  'busybox',
  'socat',
  'openssl',
  'scp',
  'rsync',
  'ftp',
  'ssh',
  'pwd',
  'printenv',
  'env',
  'id',
  'ls',
  'dir',
  'ver',
  'vol',
  'gcc',
  'cc',
  'awk',
  'sed',
  'xargs',
  'nohup',
  'setsid',
  'killall',
  'pkill',
  'ps',
  'wc',
  'grep',
  'egrep',
  'fgrep',
  'rm',
  'cp',
  'mv',
  // PowerShell
  'iex',
  'iwr',
  'irm',
  'invoke-expression',
  'invoke-webrequest',
  'invoke-restmethod',
  'start-process',
  'new-object',
  'get-content',
  'set-content',
  'get-childitem',
  'get-process',
  'get-wmiobject',
  'get-ciminstance',
  'invoke-command',
]);

/** Commands that are also ordinary words; they need a shell-looking argument or a shell-only separator. */
const WORDY_COMMANDS = new Set([
  'cat',
  'echo',
  'ping',
  'sleep',
  'type',
  'find',
  'set',
  'kill',
  'more',
  'sort',
  'head',
  'tail',
  'date',
  'time',
  'who',
  'last',
  'touch',
  'less',
  'which',
  'exit',
  'print',
  'whereis',
  'locate',
  'file',
  'tar',
  'zip',
  'unzip',
  'gzip',
  'nl',
  'od',
  'strings',
  'tac',
  'rev',
  'expr',
  'eval',
  'exec',
  'start',
  'call',
  'copy',
  'del',
  'move',
  'ren',
  'mkdir',
  'rmdir',
  'shutdown',
  'reboot',
  'mail',
  'write',
  'wall',
  'dd',
  'diff',
  'uniq',
  'cut',
  'tr',
  'ln',
  'du',
  'df',
  'free',
  'top',
  'jobs',
  'history',
  'alias',
  'export',
  'source',
  'test',
  'true',
  'false',
  'read',
  'trap',
  'host',
  'w',
  'finger',
  'lsof',
  'mount',
  'dmesg',
  'printf',
]);

/** Functions of scripting languages that run a shell command. */
const EXEC_FUNCTIONS = [
  'system',
  'exec',
  'shell_exec',
  'passthru',
  'popen',
  'proc_open',
  'pcntl_exec',
  'eval',
  'assert',
  'phpinfo',
  'runtime.getruntime',
  'child_process',
  'os.system',
  'subprocess',
  'os.popen',
  'require',
  'file_get_contents',
  'include',
] as const;

/** Whether any exec-like function name occurs (one linear scan before the per-name search). */
const EXEC_FUNCTION_ANY = new RegExp(EXEC_FUNCTIONS.map(escapeRegExp).join('|'));

/** Reverse-shell and download-and-run building blocks. */
const SHELL_MARKERS = [
  '/dev/tcp/',
  '/dev/udp/',
  'nc -e',
  'nc -l',
  'ncat -e',
  'bash -i',
  'sh -i',
  '-e /bin/',
  'mkfifo /tmp',
  '0<&',
  '>&/dev/',
  '${ifs}',
  '$ifs',
  'cmd.exe',
  'cmd /c',
  'powershell -',
  'iex(',
  'invoke-expression',
  '/bin/sh',
  '/bin/bash',
  '/usr/bin/id',
  '%comspec%',
  'net.webclient',
  'downloadstring(',
  'downloadfile(',
  '::frombase64string(',
  '-encodedcommand',
  'powershell.exe',
  "$'\\x",
] as const;

/** Whether any shell marker occurs (one linear scan; the list is then searched in order only when one does). */
const SHELL_MARKER_ANY = new RegExp(SHELL_MARKERS.map(escapeRegExp).join('|'));

/** The shell markers that can occur in plain text (`/bin/sh`, `cmd.exe`). */
const PLAIN_SHELL_MARKERS = new PlainLiterals(SHELL_MARKERS);

/** First characters and longest name of the known commands: most words are ruled out without a lookup. */
const COMMAND_FIRST = new Uint8Array(128);
let longestCommand = 0;
for (const c of [...DISTINCT_COMMANDS, ...WORDY_COMMANDS]) {
  COMMAND_FIRST[c.charCodeAt(0) & 127] = 1;
  if (c.length > longestCommand) longestCommand = c.length;
}
const MAX_COMMAND_LENGTH = longestCommand;

/**
 * Command injection analyser: finds a shell command at a command position (the start of the
 * value, or after `;`, `|`, `||`, `&`, `&&`, a newline, a backtick or `$(`), recognising the
 * command by its base name (`/usr/bin/id`, `cmd.exe`). Commands that are also ordinary words
 * (`cat`, `ping`, `sleep`, `type`) need a shell-looking argument (`-x`, `/path`, `c:\`, `*`, `>`)
 * or a shell-only separator. Also: shellshock (`() {`), command substitution, `${IFS}`,
 * reverse-shell markers and calls of exec-like functions (`system('id')`).
 */
export class CommandInjectionAnalyser implements Analyser {
  readonly category = 'cmdi' as const;

  /** A chained command was found in the current value (the rest need not be checked). */
  private chained = false;

  /** Whether the parameter `[listFrom, listTo)` of the current value is a list of items divided by `; ` ({@link semicolonList}): 0 not read yet, 1 a list, 2 not. */
  private list = 0;
  private listFrom = 0;
  private listTo = 0;

  analyse(text: string, paranoia: number, hits: HitList): void {
    const n = text.length;
    this.chained = false;
    this.list = 0;
    // the start of the value
    this.commandAt(text, 0, 0, paranoia, hits);
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      let sep = 0;
      if (c === 59 /* ; */ || c === 10) sep = c;
      else if (c === 124 /* | */) sep = c;
      else if (c === 38 /* & */) sep = c;
      else if (c === 96 /* ` */) {
        // a markdown fenced block is quoted code: skipped to its closing fence's line end
        const fence = fencedBlockEnd(text, i);
        if (fence >= 0 && !fenceRunsCode(text, i, fence)) {
          i = fence - 1;
          continue;
        }
        // an inline code span in a sentence is quoted code too: skipped to its closing backtick
        const spanClose = inlineCodeSpan(text, i);
        if (spanClose > i) {
          i = spanClose;
          continue;
        }
        sep = c;
      } else if ((c === 36 /* $ */ || (c === 43 /* + */ && i > 0 && (text.charCodeAt(i - 1) === 39 || text.charCodeAt(i - 1) === 34))) && text.charCodeAt(i + 1) === 40 /* ( */) {
        // `$(id)`, and PowerShell's `'+(whoami)+'`: a string closed and a subexpression joined to it
        sep = 40;
        i++;
      } else if (c === 40 && text.charCodeAt(i + 1) === 41 && braceWithin(text, i + 2, i + 6) && importedAt(text, i)) {
        hits.add('cmdi-shellshock', 'cmdi', SCORE.critical, i, Math.min(n, i + 40));
        continue;
      }
      if (sep === 0 || this.chained) continue;
      // a run of separators and spaces (`;;`, `| |`, `|&|&`) leads to one command position; the
      // separator that counts is the last one before it
      let j = i + 1;
      // separators in the run other than line breaks, and how many separators
      let shellish = sep !== 10;
      let count = 1;
      if (sep !== 40) {
        for (; j < n; j++) {
          const d = text.charCodeAt(j);
          if (d === 96 && fencedBlockEnd(text, j) >= 0) break;
          if (d === 59 || d === 10 || d === 124 || d === 38 || d === 96) {
            sep = d;
            count++;
            if (d !== 10) shellish = true;
          } else if (d !== 32) break;
        }
      }
      // line breaks only, or one pipe with a space on each side (`Nurse | cat person`): separators
      // that also divide the lines and items of ordinary text
      const divider = !shellish || (count === 1 && sep === 124 && i > 0 && text.charCodeAt(i - 1) === 32 && text.charCodeAt(j - 1) === 32);
      this.commandAt(text, j, sep, paranoia, hits, divider);
      // the rest of the run (`;;;;`, `| |`) leads to the same command position: skip it, so a run
      // of separators costs its length once, not once per separator
      i = j - 1;
    }
    if (SHELL_MARKER_ANY.test(text)) {
      for (const m of SHELL_MARKERS) {
        const at = markerAt(text, m);
        if (at >= 0) {
          // `cmd.exe how to set a variable`: the program named in a sentence, not run
          if ((m === 'cmd.exe' || m === 'powershell.exe') && executableMention(text, at, m.length)) continue;
          hits.add('cmdi-shell-marker', 'cmdi', SCORE.critical, at, Math.min(n, at + 40));
          break;
        }
      }
    }
    if (text.indexOf('(') < 0 || !EXEC_FUNCTION_ANY.test(text)) return;
    for (const f of EXEC_FUNCTIONS) {
      let at = text.indexOf(f);
      while (at >= 0) {
        const end = at + f.length;
        let k = end;
        while (k < n && text.charCodeAt(k) === 32) k++;
        const arg = text.charCodeAt(k + 1);
        if ((at === 0 || !isWordChar(text.charCodeAt(at - 1))) && text.charCodeAt(k) === 40 && (arg === 39 || arg === 34 || arg === 36 || arg === 96 || f === 'phpinfo') && !proseAfterCall(text, k)) {
          hits.add('cmdi-exec-function', 'cmdi', SCORE.critical, at, Math.min(n, k + 30));
          return;
        }
        at = text.indexOf(f, end);
      }
    }
  }

  /**
   * Plain text has no separator, `(` or `{`, and every plain character is a command character, so
   * the value is one command word read at its start: only its base name (after the last `/`, less
   * `.exe`) being a known command, or a shell marker (`/bin/sh`), can match.
   */
  mayMatchPlain(plain: PlainValue): boolean {
    const text = plain.text;
    return commandName(text, plain.segment, text.length) !== undefined || PLAIN_SHELL_MARKERS.test(text, plain.chars);
  }

  /**
   * Check for a command word at `i`, reached after separator `sep` (0: the start of the value).
   * After a `divider` (a separator that also divides ordinary text), a command that is an ordinary
   * word followed by another word (`Head of Ops`) needs a shell-looking argument.
   */
  private commandAt(s: string, i: number, sep: number, paranoia: number, hits: HitList, divider = false): void {
    const n = s.length;
    // spaces, quotes, `{`, `(`, and ANSI-C quoting's `$'` (`$'\x77hoami'` decodes to `$'whoami'`)
    while (
      i < n &&
      (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 39 || s.charCodeAt(i) === 34 || s.charCodeAt(i) === 123 || s.charCodeAt(i) === 40 || (s.charCodeAt(i) === 36 && s.charCodeAt(i + 1) === 39))
    )
      i++;
    const start = i;
    if (expansionPathAt(s, start) || globPathAt(s, start)) {
      // `;${PATH:0:1}bin${PATH:0:1}id`, `|/???/c?t /???/p??s??`: a command path spelled so no name shows
      hits.add('cmdi-obfuscated-command', 'cmdi', SCORE.critical, Math.max(0, start - 2), Math.min(n, start + 30));
      this.chained = true;
      return;
    }
    if (sep !== 0 && sep !== 96 && s.startsWith('schtasks /', start)) {
      // `& schtasks /create /tr calc.exe`: a scheduled task chained after a value (a command line typed
      // alone or in a code span is someone's question)
      hits.add('cmdi-windows-command', 'cmdi', SCORE.critical, Math.max(0, start - 2), Math.min(n, start + 40));
      this.chained = true;
      return;
    }
    if (sep !== 0) {
      // `&&X=$'\x69\x64';$X`: a command name assigned to a variable, then run from it
      if (assignedWordAt(s, start, isCommandName)[0] >= 0) {
        hits.add('cmdi-variable-command', 'cmdi', SCORE.critical, Math.max(0, start - 2), Math.min(n, start + 30));
        this.chained = true;
        return;
      }
    }
    if (sep !== 0 && windowsCommandAt(s, start)) {
      // `; [diagnostics.process]::start(`, `; set-mppreference -x`, `| &('i'+'ex')`, `& for /f %i in`
      hits.add('cmdi-windows-command', 'cmdi', SCORE.critical, Math.max(0, start - 2), Math.min(n, start + 40));
      this.chained = true;
      return;
    }
    if (sep !== 0 && s.charCodeAt(i) === 36 && variableChain(s, i)) {
      // `;a=who;b=ami;$a$b`: a command assembled from variables
      hits.add('cmdi-variable-command', 'cmdi', SCORE.critical, Math.max(0, start - 2), Math.min(n, start + 30));
      this.chained = true;
      return;
    }
    let dirty = false;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (isCommandChar(c)) {
        i++;
        continue;
      }
      // a quote, caret, `$@` or an empty substitution between command characters: `w'h'o'am'i`, `w^h^o^a^m^i`, `wh$@oami`, `who$()ami`, `who``ami`
      const empty = (c === 36 && s.charCodeAt(i + 1) === 40 && s.charCodeAt(i + 2) === 41) || (c === 96 && s.charCodeAt(i + 1) === 96);
      if (i > start && (c === 39 || c === 34 || c === 94 || (c === 36 && s.charCodeAt(i + 1) === 64) || empty)) {
        let k = empty ? i + (c === 36 ? 3 : 2) : c === 36 ? i + 2 : i + 1;
        while (k < n && k - i < 3 && (s.charCodeAt(k) === 39 || s.charCodeAt(k) === 34 || s.charCodeAt(k) === 94)) k++;
        if (k < n && isCommandChar(s.charCodeAt(k))) {
          dirty = true;
          i = k;
          continue;
        }
      }
      break;
    }
    if (i === start) return;
    // `& I'd give it`, `\nI'd like`: an English contraction, not a quote splitting a command name
    if (dirty && englishContraction(s, start, i)) return;
    let base = start;
    for (let k = i - 1; k >= start; k--) {
      const c = s.charCodeAt(k);
      if (c === 47 || c === 92) {
        base = k + 1;
        break;
      }
    }
    let word = dirty ? undefined : commandName(s, base, i);
    if (word === undefined && (dirty || base > start)) {
      // quotes, carets or backslashes splitting a command name (`c\at`, but not `c:\windows\...`)
      const cleaned = unsplit(s, start, i);
      if (cleaned !== undefined) {
        word = commandName(cleaned, cleaned.lastIndexOf('/') + 1, cleaned.length);
        if (word !== undefined && sep !== 0) {
          hits.add('cmdi-obfuscated-command', 'cmdi', SCORE.critical, Math.max(0, start - 2), Math.min(n, i + 30));
          this.chained = true;
          return;
        }
      }
    }
    if (word === undefined) return;
    // `|w| = 7`, `|v|, |w|`: one letter between bars is an absolute value (maths), not a pipe into `w`
    if (sep === 124 && i === start + 1 && s.charCodeAt(i) === 124 && absoluteValueAt(s, start - 1, i)) return;
    const distinct = DISTINCT_COMMANDS.has(word);
    const wordy = !distinct;
    const after = i < n ? s.charCodeAt(i) : 0;
    // `id=5`, `cat.jpg`: not a command
    if (
      after !== 0 &&
      after !== 32 &&
      after !== 59 &&
      after !== 124 &&
      after !== 38 &&
      after !== 10 &&
      after !== 96 &&
      after !== 44 &&
      after !== 39 &&
      after !== 34 &&
      after !== 62 &&
      after !== 60 &&
      after !== 125
    ) {
      // `$(id)` closes a substitution; `; id)` in a user agent (`U; id)`, a language code) does not
      if (!(after === 41 && sep === 40)) return;
    }
    const absolute = base > start && isBinaryDir(s.slice(start, base)); // /usr/bin/id, c:\windows\system32\cmd.exe
    // `; sleep 10`: a time-based probe (a bare number is an argument for `sleep` alone)
    const arg = shellArgument(s, i) || (word === 'sleep' && numberArgument(s, i));
    const shellSep = sep === 124 || sep === 96 || sep === 40 || sep === 10 || (sep === 38 && s.charCodeAt(i) !== 61);
    const end = Math.min(n, i + 30);
    // `| grep node shows grep itself`, `grep -r x not working?`: a command quoted in a sentence;
    // a command line typed as the value and ending in two words (`find / -name x takes forever`)
    // (wmic's arguments are words by its grammar: `wmic process call create`, `wmic os get caption`)
    if (
      !absolute &&
      sep !== 40 &&
      word !== 'wmic' &&
      (proseArguments(s, i) || (sep === 0 && sentenceTail(s)) || (sep === 0 && noSeparatorAfter(s, i) && (endsInWords(s, i) || searchedCommandLine(s, i))))
    )
      return;
    // `;{cat,/etc/hostname}`: brace expansion runs the command with its argument and no space
    if (sep !== 0 && s.charCodeAt(start - 1) === 123 && after === 44 && shellArgument(s, i + 1)) {
      hits.add('cmdi-obfuscated-command', 'cmdi', SCORE.critical, Math.max(0, start - 2), end);
      this.chained = true;
      return;
    }
    // `null island & more`, `cut & paste`: the English `and` before a word that is also a command
    if (wordy && sep === 38 && word !== 'shutdown' && word !== 'reboot' && conjunctionTail(s, start, i)) return;
    if (sep === 0) {
      // the value itself is a command line
      if (absolute || (distinct && (arg || after === 0)) || (wordy && arg)) {
        hits.add('cmdi-command', 'cmdi', distinct && after === 0 && !absolute ? SCORE.error : SCORE.critical, start, end);
      } else if (paranoia >= 2 && distinct) {
        hits.add('cmdi-command', 'cmdi', SCORE.warning, start, end);
      }
      return;
    }
    // `skills: c/c++; python; sql; git`: an item of a list that holds no shell syntax (read once per value); a probe (`a; b; c; env`)
    // or a command naming a file or host (`a; b; c; nslookup x.example`) is no item
    if (sep === 59 && !absolute && !arg && (wordy || listNounAt(s, word, i))) {
      const around = this.list === 0 || start < this.listFrom || start >= this.listTo ? parameterAround(s, start) : undefined;
      if (around !== undefined) {
        this.listFrom = around[0];
        this.listTo = around[1];
        this.list = semicolonList(s, around[0], around[1]) ? 1 : 2;
      } else if (this.list === 0 || start < this.listFrom || start >= this.listTo) {
        // a parameter too long to be a list: not read again for the next 400 characters (so the reads stay linear)
        this.listFrom = start;
        this.listTo = start + 400;
        this.list = 2;
      }
      if (this.list === 1 && start >= this.listFrom && start < this.listTo) return;
    }
    if (distinct || absolute || arg || (wordy && shellSep && (after === 0 || (after === 32 && !divider) || after === 59 || after === 124 || after === 96 || after === 10 || after === 38))) {
      hits.add('cmdi-chained-command', 'cmdi', SCORE.critical, Math.max(0, start - 2), end);
      this.chained = true;
    }
  }
}

/**
 * The bars at `open` and `close` enclose one letter as maths writes an absolute value: the opening bar
 * starts the value or follows a space, `(`, `=` or `,`, and the closing one is followed (after spaces)
 * by `=`, `,`, `)`, `^`, a digit, the end, `+`/`-` before a digit or a space (`|w| - 1`), or `<`, `>`,
 * `<=`, `>=` before a number that ends there (`|w| < 5`, `|w| >= 0.5,`: as a redirection it could only
 * name a file of digits in the working directory). `a |w| nc x` is a pipeline; so are `x |w|>/var/www/x`
 * and `|w|</dev/tcp/h/80` (a command of one redirection creates, truncates or reads the file) and
 * `|w|/tmp/x`, `|w|-x`, `|w|*` (a path, option or glob starts the next command).
 */
function absoluteValueAt(s: string, open: number, close: number): boolean {
  if (open > 0) {
    const b = s.charCodeAt(open - 1);
    if (b !== 32 && b !== 40 && b !== 61 && b !== 44) return false;
  }
  let k = close + 1;
  while (k < s.length && s.charCodeAt(k) === 32) k++;
  if (k >= s.length) return true;
  const c = s.charCodeAt(k);
  if (c === 61 || c === 44 || c === 41 || c === 94 || isDigit(c)) return true;
  if (c === 43 || c === 45) return s.charCodeAt(k + 1) === 32 || isDigit(s.charCodeAt(k + 1));
  if (c !== 60 && c !== 62) return false;
  k++;
  if (s.charCodeAt(k) === 61) k++;
  while (k < s.length && s.charCodeAt(k) === 32) k++;
  return numberEndsAt(s, k);
}

/** A number starts at `k` (digits, optionally `.` and digits) and ends at the end, a space, `,` or `)`. */
function numberEndsAt(s: string, k: number): boolean {
  const start = k;
  while (isDigit(s.charCodeAt(k))) k++;
  if (k === start) return false;
  if (s.charCodeAt(k) === 46 && isDigit(s.charCodeAt(k + 1))) {
    k++;
    while (isDigit(s.charCodeAt(k))) k++;
  }
  if (k >= s.length) return true;
  const c = s.charCodeAt(k);
  return c === 32 || c === 44 || c === 41;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Windows shell syntax at a command position `start` ({@link powerShellAt}, {@link cmdForLoopAt}), or a
 * command name built from strings there (`('i'+'ex')`: the quote before `start` opens it).
 */
function windowsCommandAt(s: string, start: number): boolean {
  if (powerShellAt(s, start) > 0 || cmdForLoopAt(s, start)) return true;
  const q = start - 1;
  if (q < 0 || (s.charCodeAt(q) !== 39 && s.charCodeAt(q) !== 34)) return false;
  const joined = joinedName(s, q);
  return joined !== undefined && DISTINCT_COMMANDS.has(joined.name);
}

/**
 * The known command named by `s[base, end)` (a trailing `.exe` dropped), or undefined. Words that
 * cannot be one (too long, a first character no command has) are ruled out without slicing.
 */
/** `s[base, end)` is a known command name (for {@link assignedWordAt}). */
function isCommandName(s: string, base: number, end: number): boolean {
  return commandName(s, base, end) !== undefined;
}

function commandName(s: string, base: number, end: number): string | undefined {
  if (end - base >= 4 && s.charCodeAt(end - 4) === 46 && s.startsWith('.exe', end - 4)) end -= 4;
  const len = end - base;
  if (len === 0 || len > MAX_COMMAND_LENGTH || COMMAND_FIRST[s.charCodeAt(base) & 127] === 0) return undefined;
  const word = s.slice(base, end);
  return DISTINCT_COMMANDS.has(word) || WORDY_COMMANDS.has(word) ? word : undefined;
}

/** After a command word: a flag (`-al`), a path (`/etc`, `c:\`), a glob, a redirect, an IP or a number. */
/** A space, then only digits to the end of the value or a separator (`sleep 10`, `sleep 5;`). */
function numberArgument(s: string, i: number): boolean {
  if (s.charCodeAt(i) !== 32) return false;
  let j = i + 1;
  while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  if (j === i + 1 || j - i > 6) return false;
  const c = s.charCodeAt(j);
  return j === s.length || c === 59 || c === 124 || c === 38 || c === 10 || c === 96 || c === 41;
}

function shellArgument(s: string, i: number): boolean {
  const n = s.length;
  while (i < n && s.charCodeAt(i) === 32) i++;
  if (i >= n) return false;
  const c = s.charCodeAt(i);
  const d = s.charCodeAt(i + 1);
  if (c === 45 /* - */ && ((d >= 97 && d <= 122) || d === 45)) return true;
  // `>` redirects, `>=` compares (`node >= 16`)
  if (c === 47 || c === 92 || c === 42 || (c === 62 && d !== 61) || c === 36 || c === 96 || c === 126) return true;
  // a here-string or here-document (`rev<<<imaohw`, `cat <<eof`): shell-only syntax
  if (c === 60 && d === 60) return true;
  if (c >= 97 && c <= 122 && d === 58 && (s.charCodeAt(i + 2) === 92 || s.charCodeAt(i + 2) === 47)) return true;
  if (c === 46 && (d === 47 || d === 46)) return true;
  // a dotted IP address or a host (ping 127.0.0.1, curl http://...)
  if (c >= 48 && c <= 57) {
    let j = i;
    let dots = 0;
    while (j < n && ((s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) || s.charCodeAt(j) === 46)) {
      if (s.charCodeAt(j) === 46) dots++;
      j++;
    }
    return dots === 3;
  }
  return s.startsWith('http://', i) || s.startsWith('https://', i) || s.startsWith('ftp://', i);
}

/**
 * `s[start, end)` without the quotes, carets, `$@` and backslashes that split it, or undefined when
 * it holds a drive or URL colon (`c:\windows\system32\cmd.exe` is a path, not a split word).
 */
function unsplit(s: string, start: number, end: number): string | undefined {
  let out = '';
  let removed = false;
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 58) return undefined;
    if (c === 39 || c === 34 || c === 94 || c === 92) {
      removed = true;
      continue;
    }
    if (c === 36 && s.charCodeAt(k + 1) === 64) {
      removed = true;
      k++;
      continue;
    }
    // an empty substitution: `$()`, two backticks
    if ((c === 36 && s.charCodeAt(k + 1) === 40 && s.charCodeAt(k + 2) === 41) || (c === 96 && s.charCodeAt(k + 1) === 96)) {
      removed = true;
      k += c === 36 ? 2 : 1;
      continue;
    }
    out += s[k];
  }
  return removed ? out : undefined;
}

/**
 * Where marker `m` first occurs as its own word: a marker that starts with a letter (`sh -i`,
 * `nc -e`, `cmd.exe`) needs a non-letter before it, so `ssh -i key.pem` and `rsync -e` are not
 * `sh -i` and `nc -e`. At most 8 occurrences are looked at.
 */
function markerAt(text: string, m: string): number {
  let at = text.indexOf(m);
  const c0 = m.charCodeAt(0);
  if (c0 < 97 || c0 > 122) return at;
  for (let k = 0; at > 0 && k < 8; k++) {
    const b = text.charCodeAt(at - 1);
    if (b < 97 || b > 122) return at;
    at = text.indexOf(m, at + 1);
  }
  return at === 0 ? 0 : -1;
}

/** No separator (`;`, `|`, `&`, line break, backtick) in the {@link endsInWords} window after `i`: the command's arguments run to the end. */
function noSeparatorAfter(s: string, i: number): boolean {
  if (s.length - i > 160) return false;
  for (let k = i; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 59 || c === 124 || c === 38 || c === 10 || c === 96) return false;
  }
  return true;
}

/** Two or more variable references run together at `i` (`$a$b`, `${a}${b}`): a command built from pieces. */
function variableChain(s: string, i: number): boolean {
  let refs = 0;
  const n = s.length;
  while (i < n && refs < 3 && s.charCodeAt(i) === 36) {
    let k = i + 1;
    const braced = s.charCodeAt(k) === 123;
    if (braced) k++;
    const nameStart = k;
    while (k < n && k - nameStart < 32 && ((s.charCodeAt(k) >= 97 && s.charCodeAt(k) <= 122) || s.charCodeAt(k) === 95 || (k > nameStart && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57))) k++;
    if (k === nameStart) break;
    if (braced) {
      if (s.charCodeAt(k) !== 125) break;
      k++;
    }
    refs++;
    i = k;
  }
  return refs >= 2;
}

/**
 * The `()` at `at` starts what bash imports as a function: the value (or a `name=` value) begins
 * there, past at most 8 spaces and quotes (`() { :;};` in a header; not `int main() { ... }`).
 */
function importedAt(s: string, at: number): boolean {
  let k = at;
  while (k > 0 && at - k < 8 && (s.charCodeAt(k - 1) === 32 || s.charCodeAt(k - 1) === 39 || s.charCodeAt(k - 1) === 34)) k--;
  return k === 0 || s.charCodeAt(k - 1) === 61;
}

/** A `{` in `s[from, to)` (the body of `() {` in shellshock), looked for without scanning past `to`. */
function braceWithin(s: string, from: number, to: number): boolean {
  const end = to < s.length ? to : s.length;
  for (let k = from; k < end; k++) if (s.charCodeAt(k) === 123) return true;
  return false;
}

/** `/bin/`, `/usr/local/sbin/`, `c:\windows\system32\`: folders that hold executables. */
function isBinaryDir(dir: string): boolean {
  return dir.endsWith('bin/') || dir.endsWith('bin\\') || dir.indexOf('system32') >= 0 || dir.indexOf('windows') >= 0 || dir.indexOf('winnt') >= 0;
}

function isCommandChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 47 || c === 92 || c === 46 || c === 45 || c === 58;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}

/** Endings of English contractions after the apostrophe: `I'd`, `it's`, `don't`, `I'm`, `we'll`, `you're`, `I've`. */
const CONTRACTION_ENDS = new Set(['d', 's', 't', 'm', 'll', 're', 've']);

/**
 * True when `s[start, end)` is letters, one `'`, and a contraction ending, and no quote follows it
 * (`I'd like`): a shell word split by a single quote needs a second one to close it (`i'd'`).
 */
function englishContraction(s: string, start: number, end: number): boolean {
  const q = s.indexOf("'", start);
  if (q <= start || q >= end - 1 || end - q > 3) return false;
  for (let k = start; k < end; k++) {
    if (k === q) continue;
    const l = s.charCodeAt(k) | 32;
    if (l < 97 || l > 122) return false;
  }
  const after = end < s.length ? s.charCodeAt(end) : 0;
  if (after === 39 || after === 34 || after === 96 || s.indexOf("'", end) >= 0) return false;
  return CONTRACTION_ENDS.has(s.slice(q + 1, end).toLowerCase());
}
