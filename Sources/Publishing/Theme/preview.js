// casebook preview only: never part of a published site (DefaultTheme.previewScript).
// Waits for the next build of the preview server (a long poll on /__casebook/events), reloads
// the page when a build succeeded, and shows a failed build's errors over the page with file
// and line until the next build.
(function () {
  'use strict';
  var me = document.currentScript;
  var built = me ? Number(new URL(me.src, location.href).searchParams.get('build')) : 0;
  var attempt = -1;
  var overlay = null;

  function show(errors) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'casebook-preview-errors';
      overlay.setAttribute('role', 'alert');
      overlay.setAttribute('style', 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;' +
        'background:#2b0000;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1em 1.5em;border-top:4px solid #e00');
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

  function poll() {
    fetch('/__casebook/events?attempt=' + attempt, { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.build !== built && state.errors.length === 0) { location.reload(); return; }
        attempt = state.attempt;
        if (state.errors.length > 0) show(state.errors); else hide();
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
