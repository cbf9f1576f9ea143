// Starts the simulation worker: the wasm module Trunk built for it, from the app's own origin.
// A module that cannot be loaded is said to the page, which would otherwise wait for the run.
importScripts('./procmod-worker.js');
wasm_bindgen('./procmod-worker_bg.wasm').catch((e) => {
  postMessage(JSON.stringify({ failed: `procmod-worker_bg.wasm: ${(e && e.message) || e}` }));
});
