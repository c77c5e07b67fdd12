import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { cmdForLoopAt, joinedName, powerShellAt } from '../../src/security/windows-shell.js';

// PowerShell and cmd.exe syntax after a separator versus the same words in ordinary text.
// Values written for these tests (not taken from a held-out set).
const d = new InjectionDetector();
const score = (v: string) => d.score(v).score;

describe('PowerShell and cmd.exe after a separator', () => {
  it.each([
    "x'; [System.IO.File]::ReadAllText('C:\\boot.ini'); '",
    '; [Net.ServicePointManager]::SecurityProtocol',
    '| [Ref].Assembly.Location',
    '; $w=New-Object Net.WebClient',
    '; $p = [Diagnostics.Process]::GetProcesses()',
    '1; Stop-Service -Name WinDefend',
    '& Add-MpPreference -ExclusionPath C:\\',
    // `+` as sent in a form or query (a raw `+` is a space there)
    "a'%2B(hostname)%2B'",
    "| &('who'%2B'ami')",
    '& for /l %n in (1,1,9) do ping -n 1 10.0.0.%n',
    '&& wmic os get caption',
    '| findstr /i pass web.config',
  ])('an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it.each([
    'Book the set-up meeting; get-together after',
    'x; test-pool results are in',
    '* lib.scm (string-translate): New function.\n\t(test-pool): Record times.',
    '[1] see the notes',
    'the [draft] of the text',
    'cost: 5+(2*3) in total',
    "it's 'one'%2B'two' in the song",
    "the 'total'%2B(tax) line",
    'for /f you say, what is it',
  ])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
  it('reads the constructs', () => {
    expect(powerShellAt('[system.diagnostics.process]::start(', 0)).toBeGreaterThan(0);
    expect(powerShellAt('[ -f x ]', 0)).toBe(-1);
    expect(powerShellAt('remove-item -recurse', 0)).toBeGreaterThan(0);
    expect(powerShellAt('remove-item now', 0)).toBe(-1);
    expect(powerShellAt('$c=new-object system.net.sockets.tcpclient(', 0)).toBeGreaterThan(0);
    expect(powerShellAt('$c==1', 0)).toBe(-1);
    expect(joinedName("'i'+'ex'", 0)?.name).toBe('iex');
    expect(joinedName("'iex'", 0)).toBeUndefined();
    expect(cmdForLoopAt('for /f %i in', 0)).toBe(true);
    expect(cmdForLoopAt('for %x in (a) do', 0)).toBe(true);
    expect(cmdForLoopAt('for fun', 0)).toBe(false);
  });
});
