// The runner nodes sharing the database (GET /api/nodes): labels, slots, active runs, heartbeat.
import { h, replace, table } from '../dom.js';
import { formatInstant, text } from '../format.js';
import { changeDetecting, errorBox, pageHeader } from './common.js';

export function mountNodes(ctx) {
  document.title = 'Nodes · model-runner';
  const box = errorBox();
  const holder = h('div');
  const lease = h('p', { className: 'muted' });
  replace(ctx.root, pageHeader('Nodes', 'The serve processes sharing this database, refreshed live.'), lease, box, holder);
  const render = (answer) => {
    lease.textContent = `A node is alive while its last heartbeat is at most ${answer.leaseSeconds} s old.`;
    const rows = (answer.nodes || []).map((n) =>
      h(
        'tr',
        { dataset: { node: n.nodeId } },
        h('th', { scope: 'row', className: 'mono', dataset: { field: 'nodeId' }, text: n.nodeId }),
        h('td', { dataset: { field: 'labels' }, text: (n.labels || []).join(', ') || '—' }),
        h('td', { dataset: { field: 'slots' }, className: 'num', text: String(n.maxConcurrent) }),
        h('td', { dataset: { field: 'active' }, className: 'num', text: String(n.activeRuns) }),
        h('td', { dataset: { field: 'version' }, text: text(n.version) }),
        h('td', { dataset: { field: 'address' }, className: 'mono', text: text(n.address) }),
        h('td', { dataset: { field: 'heartbeat' }, className: 'nowrap', text: formatInstant(n.lastHeartbeat) }),
        h('td', { dataset: { field: 'alive' } }, h('span', { className: n.alive ? 'status status-ready' : 'status status-lost', text: n.alive ? 'alive' : 'lost' })),
      ),
    );
    replace(holder, table({ id: 'nodes-table', caption: 'Runner nodes', columns: ['Node', 'Labels', 'Slots', 'Active', 'Version', 'Address', 'Last heartbeat', 'Alive'], rows, empty: 'No node is registered.' }));
  };
  ctx.poll(changeDetecting(() => ctx.api.nodes(), render, box, ctx));
  return {};
}
