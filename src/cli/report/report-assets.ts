/** The report's stylesheet (inline; no fonts or images are fetched). */
export const REPORT_STYLE = `
:root{--fg:#1d2430;--muted:#667085;--line:#e4e7ec;--bg:#f7f8fa;--bar:#8fb3d9;--err:#d9480f}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,section,footer{max-width:1240px;margin:0 auto;padding:12px 24px}
header{padding-top:24px}h1{margin:0;font-size:24px}h1 span{color:var(--muted);font-weight:400}
h2{font-size:16px;margin:8px 0 10px}h2 small{color:var(--muted);font-weight:400}
.meta{color:var(--muted);margin:4px 0}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px 16px}
.card .label{color:var(--muted);text-transform:uppercase;font-size:11px;letter-spacing:.06em}
.card .value{font-size:26px;font-weight:650}.card .sub{color:var(--muted);font-size:12px}
section>table,section>div>table,.chart{background:#fff;border:1px solid var(--line);border-radius:10px}
.chart{width:100%;height:auto;display:block}
.chart .grid{stroke:#eef0f3}.chart .axis{fill:var(--muted);font-size:11px}.chart .share{fill:#b42318}
.chart .bar{fill:var(--bar)}.chart .bar-error{fill:var(--err)}.chart .share-line{fill:none;stroke:#b42318;stroke-width:1.5;stroke-opacity:.8}
.chart .marker{stroke:#fff;stroke-width:1.5}
.legend{color:var(--muted);font-size:12px;margin-bottom:6px}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;vertical-align:middle;border-radius:2px}
.lg-bar{background:var(--bar)}.lg-err{background:var(--err)}.lg-line{height:2px!important;background:#b42318}.lg-dot{border-radius:50%!important}
.two{display:grid;grid-template-columns:1fr 1fr;gap:20px}
table{width:100%;border-collapse:collapse;font-size:13px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:12px;background:#fbfbfc}
tr:last-child td{border-bottom:none}
.num{text-align:right;font-variant-numeric:tabular-nums}.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.nowrap{white-space:nowrap}.tpl{word-break:break-all}
.badge{color:#fff;border-radius:999px;padding:1px 8px;font-size:11px;font-weight:600}
.ev{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11px;color:#344054;word-break:break-all}
.ev span{display:inline-block;margin-right:8px}.ev b{font-weight:600;color:var(--muted)}
.bars td{border:none;padding:3px 8px}.barcell{width:55%}.barcell div{height:12px;background:var(--bar);border-radius:3px}
.filters{margin-bottom:8px;display:flex;gap:12px;align-items:center}.filters input[type=search]{flex:1;padding:6px 10px;border:1px solid var(--line);border-radius:8px}
.empty,.note{color:var(--muted)}footer{color:var(--muted);font-size:12px;padding-bottom:32px}
@media print{.filters{display:none}body{background:#fff}}
@media (max-width:900px){.cards{grid-template-columns:1fr 1fr}.two{grid-template-columns:1fr}}
`;

/** The report's only script: filtering the signal table by text and severity. */
export const REPORT_SCRIPT = `(function(){var t=document.getElementById('signals');if(!t)return;var q=document.getElementById('filter');var boxes=[].slice.call(document.querySelectorAll('input.sev'));function apply(){var text=(q.value||'').toLowerCase();var on={};boxes.forEach(function(b){on[b.value]=b.checked});[].slice.call(t.tBodies[0].rows).forEach(function(r){var show=on[r.getAttribute('data-severity')]&&(!text||r.textContent.toLowerCase().indexOf(text)>=0);r.style.display=show?'':'none'})}q.addEventListener('input',apply);boxes.forEach(function(b){b.addEventListener('change',apply)})})();`;
