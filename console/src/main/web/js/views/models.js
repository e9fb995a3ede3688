// The models catalog (GET /api/models) with links to their schemas, shown formatted.
import { h, replace, table } from '../dom.js';
import { text } from '../format.js';
import { errorBox, pageHeader, showError } from './common.js';

export function mountModels(ctx) {
  document.title = 'Models · model-runner';
  const box = errorBox();
  const holder = h('div');
  const schemaTitle = h('h2', { id: 'schema-title', text: 'Schema' });
  const schemaPanel = h('section', { className: 'card', hidden: true, 'aria-labelledby': 'schema-title' }, schemaTitle);
  replace(ctx.root, pageHeader('Models', 'The models catalog of this service, with the contracts of their input and output.'), box, holder, schemaPanel);

  const openSchema = async (slug, side, href, link) => {
    schemaPanel.hidden = false;
    schemaTitle.textContent = `${slug}: ${side} schema`;
    let pre = document.getElementById('schema-view');
    if (!pre) {
      pre = h('pre', { id: 'schema-view', className: 'json', tabindex: '0', 'aria-labelledby': 'schema-title' });
      schemaPanel.appendChild(pre);
    }
    pre.textContent = 'Loading…';
    try {
      pre.textContent = JSON.stringify(await ctx.api.schema(href), null, 2);
    } catch (e) {
      pre.textContent = `Could not load ${href}: ${e.message}`;
    }
    schemaPanel.scrollIntoView({ block: 'nearest' });
    link.setAttribute('aria-expanded', 'true');
  };

  const contract = (slug, side, c) => {
    if (!c || c.kind === 'none' || !c.href) return h('span', { className: 'muted', text: 'none' });
    const link = h('a', { href: c.href, dataset: { schema: side }, text: c.kind === 'built-in' ? `built-in: ${c.name || side}` : 'custom', 'aria-controls': 'schema-view' });
    link.addEventListener('click', (e) => {
      e.preventDefault();
      openSchema(slug, side, c.href, link);
    });
    return link;
  };

  const load = async () => {
    try {
      const answer = await ctx.api.models();
      showError(box, null);
      ctx.memory.models = new Map((answer.models || []).map((m) => [m.slug, m]));
      const rows = (answer.models || []).map((m) =>
        h(
          'tr',
          { dataset: { model: m.slug } },
          h('th', { scope: 'row', className: 'mono', text: m.slug }),
          h('td', { dataset: { field: 'runs' }, text: [m.image ? 'image' : null, m.command ? 'command' : null].filter(Boolean).join(', ') || '—' }),
          h('td', { dataset: { field: 'labels' }, text: (m.labels || []).join(', ') || '—' }),
          h('td', { dataset: { field: 'timeAxis' }, className: 'mono', text: text(m.timeAxis) }),
          h('td', { dataset: { field: 'input' } }, contract(m.slug, 'input', m.input)),
          h('td', { dataset: { field: 'output' } }, contract(m.slug, 'output', m.output)),
        ),
      );
      replace(holder, table({ id: 'models-table', caption: 'Models of the catalog', columns: ['Model', 'Runs as', 'Node labels', 'Time axis', 'Input', 'Output'], rows, empty: 'The catalog has no models.' }));
      ctx.setReady(true);
    } catch (e) {
      showError(box, e);
    }
  };
  load();
  return {};
}
