//! The simulation's Web Worker (built by Trunk as a worker module, loaded by `sim-worker.js`):
//! runs `metrics::simulate` off the page's thread, so that the page never blocks. It says it is
//! ready, then answers each request `{"doc": …, "cases": N, "seed": S}` with progress messages
//! `{"progress": cases done}` and one `{"result": Simulation}` or `{"error": text}`, all as
//! JSON text. The page cancels a run by ending the worker.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let onmessage = Closure::<dyn Fn(MessageEvent)>::new(move |msg: MessageEvent| {
        let post = |v: serde_json::Value| {
            let _ = reply.post_message(&JsValue::from_str(&v.to_string()));
        };
        let text = msg.data().as_string().unwrap_or_default();
        let answer = procmod::metrics::run_request(&text, &mut |done| {
            post(serde_json::json!({ "progress": done }));
            true
        });
        post(answer);
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    let _ = scope.post_message(&JsValue::from_str("{\"ready\": true}"));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("procmod-worker is the web app's simulation worker; from the command line use `procmod simulate`.");
    std::process::exit(2);
}
