// A stand-in for Twilio's Voice SDK, for local use only: the join pages load it instead of twilio.min.js when the gateway's
// Twilio:VoiceSdkSimulatorUrl is set (Development). It has exactly the surface join.js uses (new Twilio.Device(token),
// device.connect({ params }), call.on('accept' | 'disconnect' | 'error'), call.disconnect()). connect hands the Access Token
// and the params to the simulator's fake Twilio (data-fake-twilio on this script's tag), which checks the token as Twilio
// does and plays the browser's call through the TwiML App's voice URL into the conference. There is no audio.
(() => {
  'use strict';
  const base = (document.currentScript && document.currentScript.dataset.fakeTwilio) || '';
  const ended = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

  // A form body keeps these simple cross-origin requests (no preflight); the fake Twilio allows this page's origin.
  const post = async (path, fields) => {
    const response = await fetch(base + path, { method: 'POST', body: new URLSearchParams(fields), credentials: 'omit', cache: 'no-store' });
    let body = {};
    try {
      body = await response.json();
    } catch {
      body = {};
    }
    if (!response.ok) {
      const error = new Error(body.message || 'The fake Twilio answered ' + response.status);
      error.code = body.code;
      throw error;
    }
    return body;
  };

  class Call {
    constructor(token, sid) {
      this.token = token;
      this.sid = sid;
      this.handlers = {};
      this.state = 'connecting';
      // The real SDK hears the call's state over its signalling socket; this one asks every second.
      this.timer = setInterval(() => this.poll(), 1000);
      setTimeout(() => this.poll(), 0);
    }

    on(name, handler) {
      (this.handlers[name] = this.handlers[name] || []).push(handler);
      return this;
    }

    emit(name, ...args) {
      for (const handler of this.handlers[name] || []) {
        handler(...args);
      }
    }

    async poll() {
      if (this.state === 'closed') {
        return;
      }
      try {
        this.update((await post('/sdk/calls/' + encodeURIComponent(this.sid), { AccessToken: this.token })).status);
      } catch (error) {
        this.emit('error', error);
        this.close();
      }
    }

    update(status) {
      if (ended.has(status)) {
        this.close();
      } else if (status === 'in-progress' && this.state === 'connecting') {
        this.state = 'open';
        this.emit('accept', this);
      }
    }

    close() {
      if (this.state === 'closed') {
        return;
      }
      this.state = 'closed';
      clearInterval(this.timer);
      this.emit('disconnect', this);
    }

    async disconnect() {
      if (this.state === 'closed') {
        return;
      }
      try {
        await post('/sdk/calls/' + encodeURIComponent(this.sid), { AccessToken: this.token, Status: 'completed' });
      } catch (error) {
        this.emit('error', error);
      }
      this.close();
    }
  }

  class Device {
    constructor(token) {
      this.token = token;
      this.calls = [];
    }

    on() {
      return this;
    }

    async connect(options) {
      const params = (options && options.params) || {};
      const leg = await post('/sdk/calls', { ...params, AccessToken: this.token });
      const call = new Call(this.token, leg.sid);
      this.calls.push(call);
      return call;
    }

    destroy() {
      for (const call of this.calls) {
        call.disconnect();
      }
    }
  }

  window.Twilio = { Device, simulated: true };
})();
