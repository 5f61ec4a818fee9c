/**
 * The report's inline stylesheet: readable at 1280 px and on a 390 px phone, light and dark via
 * prefers-color-scheme, chart colours as CSS variables so SVG follows the scheme.
 */
export const STYLES = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1d2330;--muted:#5c6577;--line:#dde1e8;--grid:#e9ecf1;
--pass:#137a3a;--pass-bg:#e5f5ea;--fail:#b3261e;--fail-bg:#fbe9e7;--warn:#8a5a00;--warn-bg:#fff4d6;--code-bg:#f1f3f6;
--c0:#2563eb;--c1:#d97706;--c2:#dc2626;--c3:#059669;--c4:#7c3aed;--c5:#0891b2;--c6:#db2777;--c7:#65a30d}
@media (prefers-color-scheme:dark){:root{--bg:#12151b;--card:#1b2029;--fg:#e3e7ee;--muted:#9aa3b2;--line:#2e3542;--grid:#262c37;
--pass:#6fd08f;--pass-bg:#15301f;--fail:#ff8a80;--fail-bg:#3a1a18;--warn:#ffd36b;--warn-bg:#3a2f12;--code-bg:#11141a;
--c0:#6ea8ff;--c1:#f6ad55;--c2:#ff7b72;--c3:#4fd1a5;--c4:#b794f6;--c5:#5cc8e0;--c6:#f58fc0;--c7:#a3d977}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1240px;margin:0 auto;padding:16px}
h1{font-size:26px;margin:0;letter-spacing:.02em}
h2{font-size:19px;margin:0 0 12px}
h3{font-size:15px;margin:18px 0 8px}
a{color:var(--c0)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
section.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px;margin:0 0 16px;min-width:0}
.banner{border-radius:10px;padding:16px 18px;margin:0 0 16px;border:1px solid var(--line)}
.banner.pass{background:var(--pass-bg);border-color:var(--pass)}
.banner.fail{background:var(--fail-bg);border-color:var(--fail)}
.banner .head{display:flex;flex-wrap:wrap;align-items:baseline;gap:8px 18px}
.banner.pass h1{color:var(--pass)}.banner.fail h1{color:var(--fail)}
.banner .sub{color:var(--muted);overflow-wrap:anywhere}
.banner ul{margin:10px 0 0;padding-left:20px}
.banner details.more-reasons ul{margin-top:4px}
.warning{background:var(--warn-bg);color:var(--warn);border:1px solid var(--warn);border-radius:8px;padding:10px 14px;margin:0 0 16px;font-weight:600}
.warning ul{margin:6px 0 0;padding-left:20px;font-weight:400}
nav.toc{display:flex;gap:6px;overflow-x:auto;padding:0 0 12px;margin:0 0 4px;scrollbar-width:thin}
nav.toc a{white-space:nowrap;text-decoration:none;border:1px solid var(--line);background:var(--card);border-radius:999px;padding:3px 11px;color:var(--fg);font-size:13px}
nav.toc a:hover{border-color:var(--c0)}
dl.meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,270px),1fr));gap:10px 20px;margin:0}
dl.meta div{min-width:0}
dl.meta dt{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
dl.meta dd{margin:0;overflow-wrap:anywhere}
dl.cert-facts{margin:0 0 12px}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,150px),1fr));gap:10px;margin:0 0 16px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
.kpi .v{font-size:21px;font-weight:650;font-variant-numeric:tabular-nums}
.kpi .l{color:var(--muted);font-size:12px}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:0 0 8px;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap;vertical-align:top}
th{background:var(--code-bg);font-weight:600;font-size:12.5px;position:sticky;top:0}
tbody tr:last-child td{border-bottom:0}
td.num,th.num{text-align:right}
td.wrap{white-space:normal;min-width:220px;overflow-wrap:anywhere}
tr.bad td{background:var(--fail-bg)}
.badge{display:inline-block;border-radius:5px;padding:0 7px;font-size:12px;font-weight:650;letter-spacing:.03em}
.badge.pass{background:var(--pass-bg);color:var(--pass);border:1px solid var(--pass)}
.badge.fail{background:var(--fail-bg);color:var(--fail);border:1px solid var(--fail)}
.badge.warn{background:var(--warn-bg);color:var(--warn);border:1px solid var(--warn)}
.badge.muted{color:var(--muted);border:1px solid var(--line)}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,540px),1fr));gap:16px}
figure.chart{margin:0;min-width:0}
figure.chart figcaption{font-weight:600;margin:0 0 4px}
svg.chart-svg{display:block;width:100%;height:auto;font-size:12px}
svg .grid{stroke:var(--grid);stroke-width:1}
svg .domain{stroke:var(--muted);stroke-width:1}
svg .tick,svg .value{fill:var(--muted)}
svg .axis-title{fill:var(--fg);font-size:13px}
svg .series{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
svg .series.dashed{stroke-dasharray:6 4}
svg .bar{stroke:none}
svg .mark{stroke:var(--card);stroke-width:1.5;cursor:default}svg .mark:hover{r:5}
.chart-empty .empty{color:var(--muted);border:1px dashed var(--line);border-radius:8px;padding:28px;text-align:center;margin:0}
ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;margin:6px 0 0;padding:0;font-size:12.5px}
ul.legend li{display:flex;align-items:center;gap:6px;overflow-wrap:anywhere}
.swatch{display:inline-block;flex:none;width:18px;height:3px;border-radius:2px}
.swatch.block{height:11px;width:11px}
.swatch.dashed{background:repeating-linear-gradient(90deg,currentColor 0 5px,transparent 5px 8px)!important}
${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `svg .series.c${i}{stroke:var(--c${i})}svg .bar.c${i},svg .dot.c${i}{fill:var(--c${i})}.swatch.c${i}{background:var(--c${i});color:var(--c${i})}`).join('\n')}
.failure{border:1px solid var(--line);border-left:4px solid var(--fail);border-radius:8px;padding:10px 14px;margin:0 0 12px;min-width:0}
.failure h3{margin:0 0 6px;overflow-wrap:anywhere}
.failure .count{color:var(--fail);font-weight:650}
.failure dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 12px;margin:6px 0}
.failure dt{color:var(--muted)}
.failure dd{margin:0;overflow-wrap:anywhere}
.message{margin:0;overflow-wrap:anywhere}
pre{background:var(--code-bg);border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:6px 0 0;overflow:auto;max-height:320px;white-space:pre-wrap;overflow-wrap:anywhere}
details>summary{cursor:pointer;color:var(--muted);margin:6px 0 0}
details.step-charts>summary h3{display:inline;color:var(--fg)}
.muted{color:var(--muted)}
.up{color:var(--fail);font-weight:650}.down{color:var(--pass)}
footer{color:var(--muted);font-size:12px;text-align:center;padding:8px 0 24px}
@media (max-width:600px){svg.chart-svg{font-size:19px}svg .axis-title{font-size:19px}main{padding:10px}section.card{padding:12px}h1{font-size:22px}.kpi .v{font-size:18px}th,td{padding:5px 8px}}
@media print{nav.toc{display:none}section.card{break-inside:avoid}}
`;
