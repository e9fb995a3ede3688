// The login: the API token, checked against the service, kept for this tab only.
import { h, replace } from '../dom.js';

export function mountLogin(ctx, onLoggedIn) {
  const error = h('p', { id: 'login-error', className: 'error', role: 'alert' });
  const input = h('input', {
    id: 'login-token',
    name: 'token',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    spellcheck: 'false',
    'aria-describedby': 'login-help login-error',
  });
  const submit = h('button', { id: 'login-submit', type: 'submit', className: 'button primary', text: 'Log in' });
  const form = h(
    'form',
    { id: 'login-form', className: 'login-card', 'aria-labelledby': 'login-title', novalidate: true },
    h('h1', { id: 'login-title', text: 'Log in to model-runner' }),
    h(
      'p',
      { id: 'login-help', className: 'muted' },
      'The API token of this service (auth.api-token, or the file api-token in its data directory). ' +
        'It is kept in this tab only and is gone when you close it.',
    ),
    // A username field for password managers and Chromium's form checks; the API has no user.
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: 'model-runner', hidden: true, 'aria-hidden': 'true', tabindex: '-1' }),
    h('label', { for: 'login-token', text: 'API token' }),
    input,
    ctx.memory.loginNote ? h('p', { id: 'login-note', className: 'notice-inline', role: 'status', text: ctx.memory.loginNote }) : null,
    error,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    error.textContent = '';
    if (token === '') {
      error.textContent = 'Enter the API token.';
      input.focus();
      return;
    }
    submit.disabled = true;
    try {
      if (await ctx.api.login(token)) {
        delete ctx.memory.loginNote;
        onLoggedIn();
        return;
      }
      error.textContent = 'The service refused this token.';
      input.select();
    } catch (e) {
      error.textContent = `Could not check the token: ${e.message}`;
    } finally {
      submit.disabled = false;
    }
  });
  replace(ctx.root, h('div', { className: 'login-page' }, form));
  ctx.setReady(true);
  input.focus();
  return {};
}
