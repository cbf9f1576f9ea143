// Starts the simulation worker: the wasm module Trunk built for it, from the app's own origin.
importScripts('./procmod-worker.js');
wasm_bindgen('./procmod-worker_bg.wasm');
