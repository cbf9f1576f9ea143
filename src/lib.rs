//! Procmod: a process modeler for SIPOC, swimlane and value-stream diagrams.
//!
//! The core — `model`, `io`, `command`, `history`, `validate`, `metrics` and `editor` — is pure
//! Rust with no browser dependency: it builds natively for tests and the `procmod` CLI, and to
//! wasm for the app. Only `ui` and `store` (compiled for wasm32) touch Yew and the browser.

pub mod analysis;
pub mod bpmn;
pub mod command;
pub mod compare;
pub mod docx;
pub mod draw;
pub mod editor;
pub mod exchange;
pub mod format;
pub mod graph;
pub mod history;
pub mod i18n;
pub mod io;
pub mod library;
pub mod live;
pub mod merge;
pub mod message;
pub mod metrics;
pub mod model;
pub mod order;
pub mod report;
pub mod route;
pub mod sample;
pub mod session;
pub mod svg;
pub mod table;
pub mod templates;
pub mod tidy;
pub mod validate;

#[cfg(target_arch = "wasm32")]
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod ui;
