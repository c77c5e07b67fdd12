// forms8's development corpus (test/fixtures/security/forms-dev8): benign form values that look like code (questions
// quoting a query or command, prose naming attacks, error output, formulas, markup, names and addresses with `'`, `;`, `&`,
// search syntax) typed into ten kinds of site, and attack values of the open evasion classes. Tuned on the `tune` split;
// the `heldout` split (FNV-1a(value) % 3 === 0) was scored only at the end of that work.
//
//   node bench/security.js --forms-dev8    (this section alone; needs `npm run build`, no data folder)
import { InjectionDetector } from '../dist/security/index.js';
import { otelAttributes, request as wafRequest } from '../test/fixtures/security/waf/requests.mjs';
import { dev8Attacks, dev8FormValues } from '../test/fixtures/security/forms-dev8/sets.mjs';

const pct = (x) => `${(100 * x).toFixed(2)}%`;
const event = (attributes) => ({ time: 0, severityNumber: 0, severityText: '', message: '', attributes, eventName: '' });
const show = (s) => JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s).slice(1, -1);

/** The report lines of the forms-dev8 section (markdown). */
export function formsDev8Section() {
  const injection = new InjectionDetector();
  const out = [];
  const carriers = (value) => {
    const hit = [];
    for (const c of ['query', 'form', 'json']) {
      out.length = 0;
      injection.observe(event(otelAttributes(wafRequest(c, value))), out);
      if (out.length > 0) hit.push(`${c}:${out[0].evidence?.rules?.join(',') ?? out[0].name}`);
    }
    out.length = 0;
    injection.observe(event({ 'url.query': `q=${encodeURIComponent(value)}` }), out);
    if (out.length > 0) hit.push('raw-query');
    return hit;
  };
  const lines = ['## forms8 development corpus (`test/fixtures/security/forms-dev8/`)', ''];
  const benign = { tune: [0, []], heldout: [0, []] };
  const byKind = new Map();
  for (const v of dev8FormValues()) {
    const hit = carriers(v.value);
    const b = benign[v.split];
    b[0]++;
    const k = byKind.get(`${v.kind} / ${v.cls}`) ?? [0, 0];
    k[0]++;
    if (hit.length > 0) {
      k[1]++;
      b[1].push(`- ${v.split} ${v.kind}/${v.cls} [${hit.join(' ')}]: \`${show(v.value)}\``);
    }
    byKind.set(`${v.kind} / ${v.cls}`, k);
  }
  lines.push('Benign values: flagged when any carrier (query argument, form body, JSON body, raw `url.query`) raises a signal.', '', '| split | values | flagged | rate |', '|---|---|---|---|');
  for (const s of ['tune', 'heldout']) lines.push(`| ${s} | ${benign[s][0]} | ${benign[s][1].length} | ${pct(benign[s][1].length / benign[s][0])} |`);
  lines.push('', '| site / class | values | flagged |', '|---|---|---|');
  for (const [k, [n, h]] of [...byKind].sort()) lines.push(`| ${k} | ${n} | ${h} |`);
  lines.push('', 'Flagged benign values:', ...benign.tune[1], ...benign.heldout[1]);
  // attacks: a record counts per carrier (query argument, form body, JSON body)
  const att = new Map();
  const missed = [];
  for (const a of dev8Attacks()) {
    const key = `${a.split} ${a.cls}`;
    const r = att.get(key) ?? [0, 0];
    for (const c of ['query', 'form', 'json']) {
      out.length = 0;
      injection.observe(event(otelAttributes(wafRequest(c, a.value))), out);
      r[0]++;
      if (out.length > 0) r[1]++;
      else missed.push(`- ${a.split} ${a.cls} [${c}]: \`${show(a.value)}\``);
    }
    att.set(key, r);
  }
  lines.push('', 'Attack values: each as a query argument, a form body and a JSON body.', '', '| split class | records | recall |', '|---|---|---|');
  const tot = { tune: [0, 0], heldout: [0, 0] };
  for (const [k, [n, h]] of [...att].sort()) {
    lines.push(`| ${k} | ${n} | ${pct(h / n)} |`);
    const s = k.split(' ')[0];
    tot[s][0] += n;
    tot[s][1] += h;
  }
  for (const s of ['tune', 'heldout']) lines.push(`| ${s} all | ${tot[s][0]} | ${pct(tot[s][1] / tot[s][0])} |`);
  lines.push('', `Missed attack records (${missed.length}):`, ...missed);
  return lines;
}
