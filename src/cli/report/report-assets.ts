/** The report's stylesheet (inline; system fonts only, nothing is fetched). Screen and print. */
export const REPORT_STYLE = `
:root{--fg:#1d2430;--muted:#667085;--line:#e4e7ec;--bg:#f5f6f8;--card:#fff;--bar:#8fb3d9;--err:#d9480f;--share:#b42318;--accent:#2f5d8a}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header,main>section,footer{max-width:1240px;margin:0 auto;padding:10px 24px}
header{padding-top:26px}
.brand{color:var(--accent);font-weight:700;letter-spacing:.02em;font-size:13px;text-transform:uppercase}
h1{margin:2px 0 6px;font-size:24px;line-height:1.25;word-break:break-all}
h2{font-size:16px;margin:14px 0 10px}h2 small{color:var(--muted);font-weight:400;margin-left:6px}
.facts{display:flex;flex-wrap:wrap;gap:6px 28px;margin:8px 0 4px;color:var(--muted);font-size:13px}
.facts b{color:var(--fg);font-weight:600}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px}
.card .label{color:var(--muted);text-transform:uppercase;font-size:11px;letter-spacing:.06em}
.card .value{font-size:26px;font-weight:650;font-variant-numeric:tabular-nums}
.card .sub{color:var(--muted);font-size:12px}
.sevs{display:flex;flex-wrap:wrap;gap:4px;margin-top:3px}.sevs .badge{font-size:11px}
.panel,.chart,.scroll>table,table.bars{background:var(--card);border:1px solid var(--line);border-radius:10px}
.chart{width:100%;height:auto;display:block}
.chart text{font-family:inherit}
.chart .grid{stroke:#eef0f3}.chart .baseline{stroke:#c9ced6}.chart .tick{stroke:#c9ced6}.chart .lane{stroke:#f0f1f4;stroke-dasharray:2 3}
.chart .axis{fill:var(--muted);font-size:11px}.chart .lane-label{font-size:10px}.chart .caption{font-size:11px}.chart .share{fill:var(--share)}
.chart .bar{fill:var(--bar)}.chart .bar:hover{fill:#5f8fc0}.chart .bar-error{fill:var(--err)}
.chart .share-line{fill:none;stroke:var(--share);stroke-width:1.4;stroke-opacity:.85}.chart .share-dot{fill:var(--share)}
.chart .marker{stroke:#fff;stroke-width:1.2}.chart .marker:hover{stroke:#1d2430}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;color:var(--muted);font-size:12px;margin-bottom:8px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:5px;vertical-align:-1px;border-radius:2px}
.legend .l-line{height:2px;vertical-align:3px;background:var(--share)}.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:4px}
.two{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:20px}
.scroll{overflow-x:auto}
table{width:100%;border-collapse:separate;border-spacing:0;font-size:13px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:12px;background:#fafbfc;white-space:nowrap}
thead th:first-child{border-top-left-radius:10px}thead th:last-child{border-top-right-radius:10px}
tbody tr:last-child td{border-bottom:none}
tbody tr:hover td{background:#fafbfd}
.sortable th{cursor:pointer;user-select:none}.sortable th[aria-sort=ascending]::after{content:" ▲"}.sortable th[aria-sort=descending]::after{content:" ▼"}
.num{text-align:right;font-variant-numeric:tabular-nums}
.mono,.ev{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12px}
.nowrap{white-space:nowrap}.tpl,.key,.msg{overflow-wrap:anywhere}.key{min-width:9em}.msg{min-width:16em}.inputs td:first-child{min-width:8em}.inputs th,.inputs td{padding:6px 8px}.warn{color:var(--err);font-weight:600}
.kind{color:var(--muted);font-size:11px;font-family:system-ui,sans-serif}
.record{color:var(--muted);font-size:12px;margin-top:2px;overflow-wrap:anywhere}.record .loc{font-weight:600}
.badge{display:inline-block;color:#fff;border-radius:999px;padding:1px 8px;font-size:11px;font-weight:600;line-height:1.5}
.ev{font-size:11px;color:#344054;min-width:220px;max-width:360px}
.ev span{display:inline-block;margin:0 8px 1px 0;white-space:nowrap;max-width:100%;overflow:hidden;text-overflow:ellipsis;vertical-align:top}.ev b{font-weight:600;color:var(--muted)}
.clamp{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3;line-clamp:3;overflow:hidden}
details>summary{cursor:pointer;color:var(--accent);font-weight:600;margin:4px 0 8px}details.more{margin-top:8px}
table.bars{padding:5px 0}table.bars td{border:none;padding:4px 10px}.barcell{width:55%}.barcell div{height:12px;border-radius:3px}
.filters{margin-bottom:8px;display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center}
.filters input[type=search]{flex:1;min-width:260px;padding:6px 10px;border:1px solid var(--line);border-radius:8px;font:inherit}
.filters label{white-space:nowrap}
.empty{color:var(--muted);background:var(--card);border:1px dashed var(--line);border-radius:10px;padding:14px 16px;margin:0}
.note{color:var(--muted)}
footer{color:var(--muted);font-size:12px;padding-bottom:32px;overflow-wrap:anywhere}
@media (max-width:900px){.cards{grid-template-columns:1fr 1fr}.two{grid-template-columns:minmax(0,1fr)}}
@media print{
body{background:#fff;font-size:11px}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.filters{display:none}.scroll{overflow:visible}.clamp{display:block}tr,.card,.chart{break-inside:avoid}h2{break-after:avoid}
header,main>section,footer{max-width:none;padding:6px 0}
}
`;

/**
 * The report's only script (allowed by its hash in the page's Content-Security-Policy): filter the
 * signal table by text and severity, and sort `table.sortable` by a click on a column header. The
 * page reads fine without it.
 */
export const REPORT_SCRIPT = `(function(){
var t=document.getElementById('signals');
if(t){var q=document.getElementById('filter'),shown=document.getElementById('shown'),boxes=[].slice.call(document.querySelectorAll('input.sev'));
var apply=function(){var text=(q.value||'').toLowerCase(),on={},n=0,rows=t.tBodies[0].rows;boxes.forEach(function(b){on[b.value]=b.checked});
for(var i=0;i<rows.length;i++){var r=rows[i],show=on[r.getAttribute('data-severity')]&&(!text||r.textContent.toLowerCase().indexOf(text)>=0);r.style.display=show?'':'none';if(show)n++}
shown.textContent=n===rows.length?'':n+' of '+rows.length+' shown'};
q.addEventListener('input',apply);boxes.forEach(function(b){b.addEventListener('change',apply)})}
[].slice.call(document.querySelectorAll('table.sortable')).forEach(function(tb){var ths=[].slice.call(tb.tHead.rows[0].cells);
ths.forEach(function(th,col){th.addEventListener('click',function(){var num=th.getAttribute('data-type')==='num',asc=th.getAttribute('aria-sort')!=='ascending';
ths.forEach(function(o){o.removeAttribute('aria-sort')});th.setAttribute('aria-sort',asc?'ascending':'descending');
var key=function(r){var c=r.cells[col],v=c.hasAttribute('data-v')?c.getAttribute('data-v'):c.textContent;return num?(parseFloat(v)||0):v.toLowerCase()};
var body=tb.tBodies[0],rows=[].slice.call(body.rows).map(function(r,i){return [key(r),i,r]});
rows.sort(function(a,b){return (a[0]<b[0]?-1:a[0]>b[0]?1:a[1]-b[1])*(asc?1:-1)});rows.forEach(function(x){body.appendChild(x[2])})})})});
})();`;
