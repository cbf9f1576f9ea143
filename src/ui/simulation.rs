//! The Simulate panel (swimlanes): cases and seed, what-if arrivals and team sizes, a run in the
//! simulation's Web Worker (`src/worker.rs`) with its progress and a cancel, and what it found:
//! the cycle time's spread as a histogram with p50, p90 and p95 marked, each lane's utilisation
//! (over 85 % flagged) and queue, the waits for a free person as a Pareto, the cases in process.
//! The run before stays beside the latest, before → after, so a what-if shows what it changes.
//! The what-if values apply to the run only; the document is not changed.

use super::panels::NumberField;
use super::{tr, Shared};
use crate::format::{figure, percent, Bounds};
use crate::i18n::Lang;
use crate::metrics::Simulation;
use crate::model::Document;
use std::collections::BTreeMap;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{MessageEvent, Worker};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SimulationProps {
    pub doc: Shared<Document>,
    pub lang: Lang,
}

/// The script that starts the simulation worker.
const WORKER_SCRIPT: &str = "./sim-worker.js";

/// Why a run stopped (or never started), in the user's language.
fn stopped(lang: Lang, why: &str) -> String {
    format!("{} ({why})", tr(lang, "sim.failed"))
}

/// Cases a run simulates unless told otherwise, and the most it takes.
const DEFAULT_CASES: usize = 10_000;
const MAX_CASES: f64 = 1_000_000.0;
/// The seed a run starts from unless told otherwise; seeds are whole numbers up to 2^53 (what a
/// number box holds exactly).
const DEFAULT_SEED: u64 = 1;
const MAX_SEED: f64 = 9_007_199_254_740_992.0;

/// What a run was asked with.
#[derive(Clone, Debug, Default, PartialEq)]
struct Inputs {
    cases: usize,
    seed: u64,
    /// Cases a day (none: the document's).
    arrivals: Option<f64>,
    /// Lane id → people (lanes not listed: the document's).
    capacity: BTreeMap<String, f64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct State {
    inputs: Inputs,
    /// Cases done of the running run, and how many it runs.
    running: Option<(usize, usize)>,
    latest: Option<Simulation>,
    before: Option<Simulation>,
    error: Option<String>,
}

/// The document as the what-if values change it.
fn what_if(doc: &Document, inputs: &Inputs) -> Document {
    let mut doc = doc.clone();
    if let Some(a) = inputs.arrivals {
        doc.settings.arrivals_per_day = Some(a).filter(|a| *a > 0.0);
    }
    for lane in doc.lanes.iter_mut() {
        if let Some(&c) = inputs.capacity.get(&lane.id) {
            lane.capacity = Some(c).filter(|c| *c > 0.0);
        }
    }
    doc
}

const UTILISATION_FLAG: f64 = 0.85;

/// The worker of a run, and its message handler (kept alive while it runs).
type Running = (Worker, Closure<dyn Fn(MessageEvent)>, gloo::events::EventListener);

/// Stops the running worker, if any, and lets its handlers go.
fn end_run(worker: &std::cell::RefCell<Option<Running>>) {
    if let Some((w, _, _)) = worker.borrow_mut().take() {
        w.terminate();
    }
}

#[function_component(SimulationPanel)]
pub fn simulation_panel(p: &SimulationProps) -> Html {
    let lang = p.lang;
    let state = use_reducer_eq(|| State {
        inputs: Inputs { cases: DEFAULT_CASES, seed: DEFAULT_SEED, ..Inputs::default() },
        ..State::default()
    });
    // The running worker and its message handler (kept alive while it runs).
    let worker: std::rc::Rc<std::cell::RefCell<Option<Running>>> = use_mut_ref(|| None);
    let doc = &p.doc.0;

    let cancel = {
        let worker = worker.clone();
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            end_run(&worker);
            state.dispatch(Change::Finished(Err(None)));
        })
    };
    let run = {
        let worker = worker.clone();
        let state = state.clone();
        let doc = p.doc.clone();
        Callback::from(move |_: MouseEvent| {
            end_run(&worker);
            let inputs = state.inputs.clone();
            let request = serde_json::json!({
                // Written as the library stores it, so that the app carries one way of writing a document.
                "doc": serde_json::value::RawValue::from_string(crate::io::save_compact(&what_if(&doc.0, &inputs))).ok(),
                "cases": inputs.cases,
                "seed": inputs.seed,
                "lang": lang.code(),
            })
            .to_string();
            let w = match Worker::new(WORKER_SCRIPT) {
                Ok(w) => w,
                Err(e) => {
                    state.dispatch(Change::Finished(Err(Some(stopped(lang, &crate::store::js_message(&e))))));
                    return;
                }
            };
            state.dispatch(Change::Started(inputs.cases));
            let handle = {
                let (state, worker, w2) = (state.clone(), worker.clone(), w.clone());
                Closure::<dyn Fn(MessageEvent)>::new(move |msg: MessageEvent| {
                    let text = msg.data().as_string().unwrap_or_default();
                    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else { return };
                    if v.get("ready").is_some() {
                        let _ = w2.post_message(&JsValue::from_str(&request));
                    } else if let Some(done) = v.get("progress").and_then(|d| d.as_u64()) {
                        state.dispatch(Change::Progress(done as usize));
                    } else {
                        let result = match (v.get("result"), v.get("error"), v.get("failed")) {
                            (Some(r), _, _) => {
                                serde_json::from_value::<Simulation>(r.clone()).map_err(|e| Some(e.to_string()))
                            }
                            (_, Some(e), _) => Err(Some(e.as_str().unwrap_or_default().to_string())),
                            (_, _, Some(why)) => Err(Some(stopped(lang, why.as_str().unwrap_or_default()))),
                            _ => return,
                        };
                        state.dispatch(Change::Finished(result));
                        end_run(&worker);
                    }
                })
            };
            w.set_onmessage(Some(handle.as_ref().unchecked_ref()));
            // The worker's script could not be loaded, or failed while running: said, and the run ends.
            let failed = {
                let (state, worker) = (state.clone(), worker.clone());
                gloo::events::EventListener::new(&w, "error", move |e| {
                    let why = js_sys::Reflect::get(e, &JsValue::from_str("message"))
                        .ok()
                        .and_then(|m| m.as_string())
                        .filter(|m| !m.is_empty())
                        .unwrap_or_else(|| WORKER_SCRIPT.trim_start_matches("./").to_string());
                    state.dispatch(Change::Finished(Err(Some(stopped(lang, &why)))));
                    end_run(&worker);
                })
            };
            *worker.borrow_mut() = Some((w, handle, failed));
        })
    };
    // The worker goes with the panel.
    {
        let worker = worker.clone();
        use_effect_with((), move |_| {
            move || {
                end_run(&worker);
            }
        });
    }

    let on_cases = {
        let state = state.clone();
        Callback::from(move |v: Option<f64>| state.dispatch(Change::Cases(v.map_or(DEFAULT_CASES, |n| n as usize))))
    };
    let on_seed = {
        let state = state.clone();
        Callback::from(move |v: Option<f64>| state.dispatch(Change::Seed(v.map_or(DEFAULT_SEED, |n| n as u64))))
    };
    let on_arrivals = {
        let state = state.clone();
        Callback::from(move |v: Option<f64>| state.dispatch(Change::Arrivals(v)))
    };
    let on_capacity = |lane: String| {
        let state = state.clone();
        Callback::from(move |v: Option<f64>| state.dispatch(Change::Capacity(lane.clone(), v)))
    };

    let unit = tr(lang, doc.time_unit.label_key());
    let inputs = &state.inputs;
    let arrivals = inputs.arrivals.or(doc.settings.arrivals_per_day);
    let lane_name = |id: &str| doc.lane(id).map(|l| l.name.clone()).filter(|n| !n.is_empty()).unwrap_or(id.to_string());
    html! {
        <section class="panel simulation" data-testid="simulation">
            <h3>{ tr(lang, "sim.title") }</h3>
            <div class="sim-inputs">
                <NumberField {lang} label={tr(lang, "sim.cases")} testid="sim-cases" value={Some(inputs.cases as f64)}
                    placeholder={figure(DEFAULT_CASES as f64)} bounds={Bounds { min: 1.0, max: MAX_CASES, whole: true }} on_commit={on_cases} />
                <NumberField {lang} label={tr(lang, "sim.seed")} testid="sim-seed" value={Some(inputs.seed as f64)}
                    placeholder={DEFAULT_SEED.to_string()} bounds={Bounds { max: MAX_SEED, whole: true, ..Bounds::default() }} on_commit={on_seed} />
                <NumberField {lang} label={tr(lang, "sim.arrivals")} testid="sim-arrivals" value={arrivals}
                    placeholder={tr(lang, "sim.no_arrivals")} on_commit={on_arrivals} />
                { for doc.lanes.iter().map(|l| {
                    let people = inputs.capacity.get(&l.id).copied().unwrap_or(l.capacity());
                    html! {
                        <NumberField {lang} label={format!("{} {}", tr(lang, "sim.people"), lane_name(&l.id))}
                            testid={format!("sim-capacity-{}", l.id)} value={Some(people)} placeholder={figure(l.capacity())}
                            bounds={Bounds { min: 1.0, ..Bounds::default() }} on_commit={on_capacity(l.id.clone())} />
                    }
                }) }
                <p class="hint">{ tr(lang, "sim.what_if_hint") }</p>
            </div>
            if let Some((done, total)) = state.running {
                <div class="sim-running">
                    <progress data-testid="sim-progress" max={total.to_string()} value={done.to_string()} />
                    <button data-testid="sim-cancel" onclick={cancel}>{ tr(lang, "sim.cancel") }</button>
                </div>
            } else {
                <button class="primary" data-testid="sim-run" onclick={run}>{ tr(lang, "sim.run") }</button>
            }
            if let Some(e) = &state.error {
                <p class="error" data-testid="sim-error">{ e.clone() }</p>
            }
            if let Some(latest) = &state.latest {
                { results(latest, state.before.as_ref(), unit, lang, &lane_name, doc) }
            }
        </section>
    }
}

/// `after`, and `before → after` when there is a run before.
fn compared(before: Option<f64>, after: f64, show: impl Fn(f64) -> String) -> Html {
    match before {
        Some(b) => html! { <><span class="before">{ show(b) }</span>{ " → " }<b>{ show(after) }</b></> },
        None => html! { <b>{ show(after) }</b> },
    }
}

fn results(
    sim: &Simulation,
    prev: Option<&Simulation>,
    unit: &str,
    lang: Lang,
    lane_name: &dyn Fn(&str) -> String,
    doc: &Document,
) -> Html {
    let c = &sim.cycle_time;
    let time = |v: f64| format!("{} {unit}", figure(v));
    let rows = [
        ("sim.mean", c.mean, prev.map(|p| p.cycle_time.mean)),
        ("sim.p50", c.p50, prev.map(|p| p.cycle_time.p50)),
        ("sim.p90", c.p90, prev.map(|p| p.cycle_time.p90)),
        ("sim.p95", c.p95, prev.map(|p| p.cycle_time.p95)),
        ("sim.max", c.max, prev.map(|p| p.cycle_time.max)),
    ];
    let mut waits: Vec<(&String, &f64)> = sim.queue_wait.iter().filter(|(_, w)| **w > 0.0).collect();
    crate::order::sort_by_number(&mut waits, |w| -*w.1);
    waits.truncate(6);
    let longest = waits.first().map_or(1.0, |w| *w.1).max(f64::MIN_POSITIVE);
    let step =
        |id: &str| doc.node(id).map(|n| n.label.clone()).filter(|l| !l.trim().is_empty()).unwrap_or(id.to_string());
    html! {
        <div class="sim-results" data-testid="sim-results" data-cases={sim.cases.to_string()}>
            <p class="muted">{ format!("{} {} · {} {}", sim.cases, tr(lang, "sim.cases_done"), tr(lang, "sim.seed"), sim.seed) }
                if sim.stopped { { " · " }{ tr(lang, "sim.stopped") } }</p>
            <table class="sim-figures" data-testid="sim-figures">
                { for rows.iter().map(|(key, v, b)| html! {
                    <tr data-testid={key.replace('.', "-")}><th>{ tr(lang, key) }</th><td>{ compared(*b, *v, time) }</td></tr>
                }) }
                if let Some(w) = sim.wip {
                    <tr data-testid="sim-wip"><th>{ tr(lang, "sim.wip") }</th><td>{ compared(prev.and_then(|p| p.wip), w, figure) }</td></tr>
                }
            </table>
            { histogram(sim, lang) }
            if !sim.utilisation.is_empty() {
                <h4>{ tr(lang, "sim.utilisation") }</h4>
                <ul class="sim-lanes" data-testid="sim-utilisation">
                    { for sim.utilisation.iter().map(|(lane, u)| {
                        let over = *u > UTILISATION_FLAG;
                        let b = prev.and_then(|p| p.utilisation.get(lane)).copied();
                        let waiting = sim.queue.get(lane).copied().unwrap_or(0.0);
                        html! {
                            <li class={classes!(over.then_some("over"))} data-testid={format!("sim-lane-{lane}")} data-utilisation={u.to_string()}>
                                <span class="name">{ lane_name(lane) }</span>
                                <span class="bar"><span style={format!("width:{}%", (u * 100.0).clamp(0.0, 100.0))} /></span>
                                <span class="value">{ compared(b, *u, percent) }</span>
                                <span class="muted">{ format!(" · {} {}", figure(waiting), tr(lang, "sim.waiting")) }</span>
                                if over { <span class="flag">{ tr(lang, "sim.over") }</span> }
                            </li>
                        }
                    }) }
                </ul>
            }
            if !waits.is_empty() {
                <h4>{ tr(lang, "sim.waits") }</h4>
                <ul class="pareto sim-waits" data-testid="sim-waits">
                    { for waits.iter().map(|(id, w)| html! {
                        <li><span class="name">{ step(id) }</span>
                            <span class="bar"><span style={format!("width:{}%", **w / longest * 100.0)} /></span>
                            <span class="value">{ time(**w) }</span></li>
                    }) }
                </ul>
            }
        </div>
    }
}

/// The cycle times' histogram, with p50, p90 and p95 marked.
fn histogram(sim: &Simulation, lang: Lang) -> Html {
    let h = &sim.histogram;
    let (w, ht) = (280.0, 90.0);
    let most = h.counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let n = h.counts.len().max(1) as f64;
    let span = h.width * n;
    let x = |t: f64| if span > 0.0 { ((t - h.from) / span * w).clamp(0.0, w) } else { 0.0 };
    let marks = [("p50", sim.cycle_time.p50), ("p90", sim.cycle_time.p90), ("p95", sim.cycle_time.p95)];
    html! {
        <svg class="sim-histogram" data-testid="sim-histogram" viewBox={format!("0 -14 {w} {}", ht + 28.0)} role="img"
            aria-label={tr(lang, "sim.histogram").to_string()}>
            { for h.counts.iter().enumerate().map(|(i, &c)| {
                let bh = c as f64 / most * ht;
                html! { <rect class="bin" x={(i as f64 * w / n).to_string()} y={(ht - bh).to_string()}
                    width={(w / n - 1.0).max(1.0).to_string()} height={bh.to_string()} /> }
            }) }
            { for marks.iter().enumerate().map(|(k, (name, t))| html! {
                <g class="mark" data-testid={format!("sim-mark-{name}")}>
                    <line x1={x(*t).to_string()} x2={x(*t).to_string()} y1="0" y2={ht.to_string()} />
                    // Beside its line, on the side with room.
                    <text x={(if x(*t) > w * 0.8 { x(*t) - 2.0 } else { x(*t) + 2.0 }).to_string()}
                        y={(k as f64 * 11.0 - 3.0).to_string()} text-anchor={if x(*t) > w * 0.8 { "end" } else { "start" }}>{ *name }</text>
                </g>
            }) }
            <text class="axis" x="0" y={(ht + 12.0).to_string()}>{ "0" }</text>
            <text class="axis end" x={w.to_string()} y={(ht + 12.0).to_string()}>{ figure(h.from + span) }</text>
        </svg>
    }
}

/// What changes the panel's state.
enum Change {
    Cases(usize),
    Seed(u64),
    Arrivals(Option<f64>),
    Capacity(String, Option<f64>),
    Started(usize),
    Progress(usize),
    /// A run ended: its result, or why not (`None`: cancelled).
    Finished(Result<Simulation, Option<String>>),
}

impl Reducible for State {
    type Action = Change;
    fn reduce(self: std::rc::Rc<Self>, action: Change) -> std::rc::Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Change::Cases(n) => s.inputs.cases = n,
            Change::Seed(seed) => s.inputs.seed = seed,
            Change::Arrivals(a) => s.inputs.arrivals = a,
            Change::Capacity(lane, c) => {
                match c {
                    Some(c) => s.inputs.capacity.insert(lane, c),
                    None => s.inputs.capacity.remove(&lane),
                };
            }
            Change::Started(total) => {
                s.running = Some((0, total));
                s.error = None;
            }
            Change::Progress(done) => {
                if let Some((_, total)) = s.running {
                    s.running = Some((done, total));
                }
            }
            Change::Finished(result) => {
                s.running = None;
                match result {
                    Ok(done) => {
                        s.before = s.latest.take();
                        s.latest = Some(done);
                    }
                    Err(why) => s.error = why,
                }
            }
        }
        s.into()
    }
}
