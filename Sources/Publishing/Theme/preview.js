// casebook preview only: never part of a published site (DefaultTheme.previewScript).
// Waits for the next build of the preview server (a long poll on /__casebook/events), reloads
// the page when a build succeeded, and shows a failed build's errors over the page with file
// and line until the next build. One tab polls for all the preview's open tabs and tells the
// others (a browser opens 6 connections to a host: six tabs each holding a poll made the
// seventh page wait seconds to load).
(function () {
  'use strict';
  var me = document.currentScript;
  var built = me ? Number(new URL(me.src, location.href).searchParams.get('build')) : 0;
  var overlay = null;

  function show(errors) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'casebook-preview-errors';
      overlay.setAttribute('role', 'alert');
      // Styled through the CSSOM: the pages' Content-Security-Policy (style-src 'self') refuses
      // a style attribute, which left the overlay unstyled below the page's last line.
      overlay.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;' +
        'background:#2b0000;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1em 1.5em;border-top:4px solid #e00';
      document.body.appendChild(overlay);
    }
    overlay.textContent = '';
    var title = document.createElement('strong');
    title.textContent = 'Build failed: the page shows the last good build. Fix and save to reload.';
    overlay.appendChild(title);
    var list = document.createElement('ul');
    errors.forEach(function (e) {
      var item = document.createElement('li');
      item.textContent = e.file + ':' + e.line + ':' + e.column + ': ' + e.severity + ': ' + e.message;
      list.appendChild(item);
    });
    overlay.appendChild(list);
  }

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function apply(state) {
    if (state.build !== built && state.errors.length === 0) { location.reload(); return; }
    if (state.errors.length > 0) show(state.errors); else hide();
  }

  var channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('casebook-preview') : null;

  // The state after build attempt `attempt` (at once when the server is past it), applied here
  // and, from the polling tab, told to the others.
  function fetchState(attempt, share) {
    return fetch('/__casebook/events?attempt=' + attempt, { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (share && channel) channel.postMessage(state);
        apply(state);
        return state;
      });
  }

  function pollForever(share) {
    var attempt = -1;
    (function next() {
      fetchState(attempt, share).then(function (state) { attempt = state.attempt; next(); },
                                      function () { setTimeout(next, 1000); });
    })();
    return new Promise(function () {}); // held for as long as the tab is open
  }

  if (channel && navigator.locks) {
    channel.onmessage = function (e) { apply(e.data); };
    // The current state once (errors already showing), then what the polling tab tells.
    fetchState(-1, false).catch(function () {});
    // The tab holding the lock polls; when it closes or reloads, another takes it over.
    navigator.locks.request('casebook-preview-events', function () { return pollForever(true); });
  } else {
    pollForever(false);
  }
})();
