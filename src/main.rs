//! Entry point of the web app (built by Trunk for wasm32). Natively it only points to the CLI.

#[cfg(target_arch = "wasm32")]
fn main() {
    procmod::ui::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("procmod-app is the web app: build and serve it with scripts/serve. For the command line, use the `procmod` binary.");
    std::process::exit(2);
}
