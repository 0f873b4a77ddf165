/** The playground page: four panels (RASP, Compile, Simulator, Why attention works), the status bar, and the URL hash. */
import { byId } from './dom';
import { compilePanel } from './panels/compile_panel';
import { raspPanel } from './panels/rasp_panel';
import { selectionPanel } from './panels/selection_panel';
import { simulatorPanel } from './panels/simulator_panel';
import { readHash, writeHash } from './state';
import { initStatus } from './worker_client';

const panels = ['rasp', 'compile', 'simulator', 'select'];

/** Shows one panel and marks its tab; `onShow` runs the panel's first work. */
function showPanel(name: string, onShow: Record<string, () => void>): void {
  onShow[name]?.();
  for (const p of panels) {
    byId(`panel-${p}`).hidden = p !== name;
    byId(`tab-${p}`).classList.toggle('active', p === name);
  }
}

function main(): void {
  initStatus(byId('status-text'), byId<HTMLProgressElement>('status-progress'), byId<HTMLButtonElement>('status-stop'));
  const initial = readHash(location.hash);
  let panel = initial.panel !== undefined && panels.includes(initial.panel) ? initial.panel : 'rasp';
  const followers: (() => void)[] = [];
  const save = () => writeHash({ rasp: rasp.source(), input: rasp.input().join(' '), sop: rasp.sop(), panel: panel === 'rasp' ? undefined : panel });
  const rasp = raspPanel(initial, () => {
    save();
    for (const follow of followers) follow();
  });
  followers.push(compilePanel(rasp));
  simulatorPanel();
  const onShow = { select: selectionPanel() };
  for (const p of panels) {
    byId(`tab-${p}`).onclick = () => {
      panel = p;
      showPanel(p, onShow);
      save();
    };
  }
  showPanel(panel, onShow);
  // A link opened in this tab changes only the hash: start again from it (the page's own updates do not fire this).
  window.onhashchange = () => location.reload();
}

main();
