// A tiny DOM helper. Text is only ever set through textContent / text nodes: model output, logs
// and every value from the API are untrusted. It receives `document` lazily, so importing it
// touches no browser global.

/**
 * An element: h('td', {dataset: {field: 'state'}, className: 'x'}, 'text', child, ...).
 * attrs: className, dataset, text, on{Event} handlers (functions), style (object, via
 * element.style), anything else via setAttribute (false/null/undefined leave it out).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'style') Object.assign(el.style, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, ...children);
  return el;
}

/** Appends children: nodes as they are, anything else as text. */
export function append(parent, ...children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Removes every child. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces the children. */
export function replace(el, ...children) {
  clear(el);
  return append(el, ...children);
}

/** A table with a caption, a header row and the given body rows, wrapped to scroll sideways. */
export function table({ id, caption, columns, rows, empty }) {
  const tbody = h('tbody', {}, rows);
  if (rows.length === 0 && empty) {
    tbody.appendChild(h('tr', { className: 'empty' }, h('td', { colspan: columns.length, text: empty })));
  }
  return h(
    'div',
    { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      { id },
      h('caption', { className: 'visually-hidden', text: caption }),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', text: c })))),
      tbody,
    ),
  );
}
