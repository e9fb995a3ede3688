// The adapters' registry (GET /registry/, open): name, version, uri, status, workers, last seen.
import { h, replace, table } from '../dom.js';
import { formatInstant, text } from '../format.js';
import { changeDetecting, errorBox, pageHeader } from './common.js';

export function mountAdapters(ctx) {
  document.title = 'Adapters · model-runner';
  const box = errorBox();
  const holder = h('div');
  replace(ctx.root, pageHeader('Adapters', 'The model adapters registered with this service, refreshed live.'), box, holder);
  const render = (entries) => {
    const rows = (entries || []).map((a) =>
      h(
        'tr',
        { dataset: { adapter: a.id } },
        h('th', { scope: 'row', dataset: { field: 'name' }, text: a.name }),
        h('td', { dataset: { field: 'version' }, text: text(a.version) }),
        h('td', { dataset: { field: 'uri' }, className: 'mono', text: a.uri }),
        h('td', { dataset: { field: 'status' } }, h('span', { className: `status status-${String(a.status).toLowerCase()}`, text: text(a.status) })),
        h('td', { dataset: { field: 'workers' }, className: 'num', text: `${a.used_workers} / ${a.max_workers}` }),
        h('td', { dataset: { field: 'lastSeen' }, className: 'nowrap', text: formatInstant(a.last_seen) }),
      ),
    );
    replace(holder, table({ id: 'adapters-table', caption: 'Registered adapters', columns: ['Name', 'Version', 'URI', 'Status', 'Workers used', 'Last seen'], rows, empty: 'No adapter is registered.' }));
  };
  ctx.poll(changeDetecting(() => ctx.api.registry(), render, box, ctx));
  return {};
}
