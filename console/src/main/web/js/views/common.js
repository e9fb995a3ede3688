// Pieces several views share.
import { h, replace } from '../dom.js';

/** A state badge: the state's name, with its colour as a second signal. */
export function stateBadge(state, attrs = {}) {
  return h('span', { ...attrs, className: `state state-${String(state).toLowerCase()}`, text: state });
}

/** A page heading with an optional line under it. */
export function pageHeader(title, subtitle) {
  return h(
    'div',
    { className: 'page-header' },
    h('h1', { text: title }),
    subtitle ? h('p', { className: 'muted', text: subtitle }) : null,
  );
}

/** Shows (or, with null, hides) an error in the given alert box. */
export function showError(box, error) {
  if (!box) return;
  if (error) {
    box.hidden = false;
    replace(box, error.message || String(error));
  } else {
    box.hidden = true;
    replace(box);
  }
}

/** An alert box for load errors, hidden until one happens. */
export function errorBox() {
  return h('p', { className: 'error banner', role: 'alert', hidden: true });
}

/**
 * A polling task that renders only when the fetched answer changed; errors go to `box`. `render`
 * may answer false: the answer is stale (the user changed what to show meanwhile) and was not shown.
 */
export function changeDetecting(load, render, box, ctx) {
  let last = null;
  return async () => {
    let value;
    try {
      value = await load();
    } catch (e) {
      showError(box, e);
      throw e;
    }
    showError(box, null);
    const key = JSON.stringify(value);
    if (key === last) {
      ctx.setReady(true);
      return false;
    }
    if (render(value) === false) return true;
    last = key;
    ctx.setReady(true);
    return true;
  };
}
