// The join page's script (and the host's browser join in the portal): local times, the countdown to the activation
// window, the passcode pop-up, and the call through Twilio's Voice SDK (window.Twilio, vendored as twilio.min.js).
(() => {
  'use strict';
  document.documentElement.classList.add('js');

  for (const el of document.querySelectorAll('time[data-local]')) {
    const at = new Date(el.dateTime);
    if (!Number.isNaN(at.getTime())) {
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      el.textContent = new Intl.DateTimeFormat(el.dataset.lang || undefined, { dateStyle: 'full', timeStyle: 'short' }).format(at) + ' (' + zone + ')';
    }
  }

  const root = document.querySelector('[data-join]');
  if (!root) {
    return;
  }
  const text = (name) => root.dataset['t' + name] || '';
  const form = document.getElementById('join-form');
  const joinButton = document.getElementById('join-button');
  const leaveButton = document.getElementById('leave-button');
  const status = document.getElementById('join-status');
  const dialog = document.getElementById('passcode-dialog');
  const needsPasscode = root.dataset.needsPasscode === 'true';
  let device = null;
  let call = null;
  let done = false; // three wrong passcodes on this page, or the meeting refused for good

  const say = (message) => { status.textContent = message; };
  joinButton.hidden = false;

  // The countdown: the server's clock decides when the window opens; the offset corrects this browser's clock.
  const opensAt = Date.parse(root.dataset.opensAt || '');
  const offset = Date.parse(root.dataset.serverNow || '') - Date.now();
  if (!Number.isNaN(opensAt)) {
    const countdown = document.getElementById('join-countdown');
    const two = (n) => String(n).padStart(2, '0');
    const tick = () => {
      const left = Math.ceil((opensAt - (Date.now() + (Number.isNaN(offset) ? 0 : offset))) / 1000);
      if (left <= 0) {
        clearInterval(timer);
        countdown.textContent = '';
        joinButton.disabled = false;
        say(text('Open'));
        return;
      }
      const h = Math.floor(left / 3600);
      const m = Math.floor((left % 3600) / 60);
      const s = left % 60;
      countdown.textContent = text('OpensIn').replace('{0}', (h > 0 ? h + ':' + two(m) : String(m)) + ':' + two(s));
    };
    const timer = setInterval(tick, 1000);
    tick();
  }

  const requestSession = async (passcode) => {
    const body = new FormData(form);
    if (passcode !== undefined) {
      body.set('passcode', passcode);
    }
    const response = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json' } });
    let reply = {};
    try {
      reply = await response.json();
    } catch {
      reply = { refusal: 'error', message: text('Busy') };
    }
    return { ok: response.ok, reply };
  };

  const connect = async (session) => {
    say(text('Connecting'));
    joinButton.disabled = true;
    try {
      device = new window.Twilio.Device(session.token, { closeProtection: true, codecPreferences: ['opus', 'pcmu'] });
      call = await device.connect({ params: { ticket: session.ticket } });
      call.on('accept', () => say(text('Connected')));
      call.on('disconnect', () => {
        say(text('Left'));
        leaveButton.hidden = true;
        joinButton.disabled = false;
        call = null;
      });
      call.on('error', () => say(text('Failed')));
      leaveButton.hidden = false;
      leaveButton.focus();
    } catch (error) {
      say(text('Failed'));
      joinButton.disabled = false;
    }
  };

  // The pop-up: a modal <dialog> (the page behind is inert, Escape closes it), with Tab kept inside it.
  const field = document.getElementById('passcode');
  const fieldError = document.getElementById('passcode-error');
  const summary = document.getElementById('passcode-summary');
  const summaryText = document.getElementById('passcode-summary-text');
  const submit = document.getElementById('passcode-submit');

  const showError = (message, final) => {
    fieldError.textContent = message;
    field.setAttribute('aria-invalid', 'true');
    summaryText.textContent = message;
    summary.hidden = false;
    summary.setAttribute('role', 'alert');
    if (final) {
      field.disabled = true;
      submit.disabled = true;
      summary.focus();
    } else {
      field.select();
      field.focus();
    }
  };
  const clearError = () => {
    fieldError.textContent = '';
    field.removeAttribute('aria-invalid');
    summary.hidden = true;
    summary.removeAttribute('role');
  };

  if (dialog) {
    dialog.addEventListener('keydown', (event) => {
      if (event.key !== 'Tab') {
        return;
      }
      const focusable = [...dialog.querySelectorAll('a[href], button, input')].filter((el) => !el.disabled && el.offsetParent !== null);
      if (focusable.length === 0) {
        return;
      }
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        last.focus();
        event.preventDefault();
      } else if (!event.shiftKey && document.activeElement === last) {
        first.focus();
        event.preventDefault();
      }
    });
    dialog.addEventListener('close', () => joinButton.focus());
    document.getElementById('passcode-cancel').addEventListener('click', () => dialog.close());
    document.getElementById('passcode-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = field.value.trim();
      if (value === '') {
        showError(text('Missing'), false);
        return;
      }
      submit.disabled = true;
      const { ok, reply } = await requestSession(value);
      submit.disabled = false;
      if (ok) {
        clearError();
        dialog.close();
        await connect(reply);
        return;
      }
      const final = reply.refusal !== 'wrongPasscode';
      if (final) {
        done = true;
        joinButton.disabled = true;
        say(reply.message || text('Busy'));
      }
      showError(reply.message || text('Busy'), final);
    });
  }

  joinButton.addEventListener('click', async () => {
    if (done || call) {
      return;
    }
    if (needsPasscode) {
      dialog.showModal();
      field.focus();
      return;
    }
    joinButton.disabled = true;
    const { ok, reply } = await requestSession();
    if (ok) {
      await connect(reply);
    } else {
      say(reply.message || text('Busy'));
      joinButton.disabled = false;
    }
  });

  leaveButton.addEventListener('click', () => {
    if (call) {
      call.disconnect();
    }
  });
})();
