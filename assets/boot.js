// Starts Einblick's WebAssembly client. Lives in its own file because the server's
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval') forbids inline scripts.
'use strict';

(function () {
  const canvas = document.getElementById('canvas');
  const status = document.getElementById('status');

  // Fetch and compile the WebAssembly now, while einblick.js is still loading and parsing,
  // instead of after it (Emscripten's default): the two overlap and the first frame comes
  // sooner. Emscripten takes the result through Module.instantiateWasm below.
  const compiledWasm = (function () {
    const response = fetch('einblick.wasm', { credentials: 'same-origin' });
    if (typeof WebAssembly.compileStreaming === 'function') {
      return WebAssembly.compileStreaming(response);
    }
    return response.then(function (r) { return r.arrayBuffer(); }).then(WebAssembly.compile);
  })();

  function showStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
    status.classList.remove('hidden');
  }

  function showFatalError(text) {
    showStatus(text, true);
    canvas.classList.add('hidden');
    Module.einblickFatalError = text;
  }

  // A lost WebGL context leaves a frozen or blank canvas; say so instead of pretending.
  canvas.addEventListener('webglcontextlost', function (event) {
    event.preventDefault();
    Module.einblickContextLost = true;
    showFatalError('Die Grafikausgabe ist ausgefallen. Bitte laden Sie die Seite neu.');
  }, false);

  window.Module = {
    canvas: canvas,
    einblickFirstFrameRendered: false,
    einblickContextLost: false,
    einblickFatalError: null,
    // Emscripten calls postMainLoop after each frame of the main loop; the count lets tests
    // wait for frames instead of for time.
    einblickFrames: 0,
    postMainLoop: function () { Module.einblickFrames += 1; },
    print: function (text) { console.log(text); },
    printErr: function (text) { console.error(text); },
    setStatus: function (text) {
      // Emscripten reports download progress here; the empty string means "done".
      if (text && !Module.einblickFirstFrameRendered) showStatus('Einblick wird geladen …', false);
    },
    onFirstFrame: function () {
      Module.einblickFirstFrameTime = performance.now(); // ms since navigation (measure.mjs)
      status.classList.add('hidden');
    },
    showFatalError: showFatalError,
    instantiateWasm: function (imports, receiveInstance) {
      compiledWasm
        .then(function (module) {
          return WebAssembly.instantiate(module, imports).then(function (instance) {
            receiveInstance(instance, module);
          });
        })
        .catch(function (error) {
          console.error(error);
          showFatalError('Einblick konnte nicht geladen werden. Bitte prüfen Sie Ihre Verbindung und laden Sie die Seite neu.');
        });
      return {}; // the exports arrive through receiveInstance
    },
    onAbort: function () {
      showFatalError('Einblick wurde wegen eines internen Fehlers beendet. Bitte laden Sie die Seite neu.');
    },
  };

  // For the HiDPI test: device pixel ratio, CSS size, framebuffer scale, font size.
  window.einblickRenderInfo = function () {
    if (!Module.calledRun || typeof Module._einblick_render_info !== 'function') return null;
    return JSON.parse(Module.UTF8ToString(Module._einblick_render_info()));
  };

  // For tests and diagnostics: a JSON summary of the client's state (never secrets).
  window.einblickTestState = function () {
    if (!Module.calledRun || typeof Module._einblick_test_state !== 'function') {
      return { screen: 'not_started' };
    }
    return JSON.parse(Module.UTF8ToString(Module._einblick_test_state()));
  };

  // No browser context menu over the UI (an inline oncontextmenu would break the CSP).
  canvas.addEventListener('contextmenu', function (event) { event.preventDefault(); });

  // No focus on the canvas at load: the client focuses its first field in the DOM mirror
  // (a11y_mirror.js), where typing, Tab and screen readers work.
})();
