/** The panel's look: one sheet, adopted by the page or the shadow root (no inline style: the page's CSP allows none). */
export const PANEL_CSS = `
:host { all: initial; }
.tm { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d232b; background: #fff;
  display: flex; flex-direction: column; height: 100%; min-height: 0; box-sizing: border-box; }
.tm *, .tm *::before, .tm *::after { box-sizing: border-box; }
.tm header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .5rem .75rem; background: #18324a; color: #fff; }
.tm header h1 { font-size: 1rem; margin: 0; }
.tm header .where { font-size: .85rem; opacity: .9; }
.tm [role=tablist] { display: flex; flex-wrap: wrap; gap: 2px; padding: .25rem .5rem 0; background: #eef2f6; border-bottom: 1px solid #c9d3dd; }
.tm [role=tab] { font: inherit; border: 1px solid transparent; border-bottom: 0; background: none; padding: .4rem .7rem; cursor: pointer; color: #1d232b; border-radius: 4px 4px 0 0; }
.tm [role=tab][aria-selected=true] { background: #fff; border-color: #c9d3dd; font-weight: 600; }
.tm [role=tabpanel] { flex: 1; overflow: auto; padding: .75rem; min-height: 0; }
.tm .status { margin: 0; padding: .35rem .75rem; font-size: .85rem; background: #f7f9fb; border-top: 1px solid #dde3e9; min-height: 1.9rem; }
.tm .status[data-kind=error] { background: #fdecec; color: #8a1111; }
.tm .toolbar { display: flex; flex-wrap: wrap; gap: .5rem .75rem; align-items: flex-end; margin: 0 0 .6rem; }
.tm .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .5rem .75rem; margin-bottom: .6rem; }
.tm .field { display: flex; flex-direction: column; gap: .15rem; font-size: .8rem; color: #46525f; }
.tm .check { display: flex; gap: .3rem; align-items: center; font-size: .85rem; }
.tm input, .tm select, .tm button { font: inherit; font-size: .9rem; padding: .3rem .45rem; border: 1px solid #9aa8b6; border-radius: 4px; background: #fff; color: #1d232b; min-height: 2rem; }
.tm button { background: #e8eef4; cursor: pointer; }
.tm button:hover { background: #dbe5ee; }
.tm button.danger { border-color: #b54848; color: #8a1111; }
.tm button.link { border: 0; background: none; padding: 0; min-height: 0; color: #0b57a4; text-decoration: underline; text-align: left; word-break: break-all; }
.tm :focus-visible { outline: 3px solid #2f7de1; outline-offset: 1px; }
.tm table { border-collapse: collapse; width: 100%; font-size: .85rem; margin-bottom: .75rem; }
.tm caption { text-align: left; font-weight: 600; padding: .25rem 0; }
.tm th, .tm td { text-align: left; padding: .3rem .45rem; border-bottom: 1px solid #e3e8ee; vertical-align: top; }
.tm th { background: #f3f6f9; position: sticky; top: 0; }
.tm tbody tr[tabindex] { cursor: pointer; }
.tm tbody tr[tabindex]:hover, .tm tr[aria-selected=true], .tm tr[aria-current=true] { background: #eaf2fb; }
.tm tr[data-expired] td { color: #6b7580; }
.tm tr.failed td { background: #fff4f4; }
.tm tr.detail td { background: #fafbfc; }
.tm table.data td { max-width: 16rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tm .number { text-align: right; white-space: nowrap; }
.tm .mono, .tm pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.tm .json { font-size: .8rem; background: #f5f7f9; border: 1px solid #dde3e9; border-radius: 4px; padding: .5rem; overflow: auto; max-height: 28rem; white-space: pre-wrap; word-break: break-word; margin: 0; }
.tm .badge { display: inline-block; padding: 0 .4rem; margin: 0 .25rem .15rem 0; border-radius: 999px; font-size: .75rem; border: 1px solid; white-space: nowrap; }
.tm .badge.ok { background: #e8f6ec; border-color: #7cbf8e; color: #1b5e2c; }
.tm .badge.bad { background: #fdecec; border-color: #d88; color: #8a1111; }
.tm .badge.none { background: #f3f4f6; border-color: #c4c9cf; color: #5b6470; }
.tm .muted { color: #5b6470; font-size: .85rem; }
.tm .big { font-size: 1.15rem; font-weight: 600; font-family: ui-monospace, Menlo, Consolas, monospace; }
.tm .split { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: .75rem; }
.tm .split > :only-child, .tm .split > [hidden] + * { grid-column: 1 / -1; }
.tm .scroll { overflow: auto; }
.tm h3, .tm h4 { margin: .5rem 0 .3rem; font-size: .9rem; }
.tm form.token { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; padding: .75rem; }
@media (max-width: 720px) {
  .tm .split { grid-template-columns: minmax(0, 1fr); }
  .tm [role=tabpanel] { padding: .5rem; }
  .tm td, .tm th { padding: .25rem .3rem; }
}
`;

/** A constructable style sheet of {@link PANEL_CSS}. */
export function panelSheet(): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(PANEL_CSS);
  return sheet;
}
